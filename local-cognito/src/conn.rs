//! A TCP listener whose connections a handler can cut: the `drop` fault closes the socket before
//! a single byte of the answer is written, which is what a network failure looks like to a
//! browser's `fetch` (a `TypeError`, no status). Each connection's [`Conn`] reaches handlers as
//! `ConnectInfo<Conn>`, with the local address the request came in on (for the Host check).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::IncomingStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Wraps a bound [`TcpListener`].
pub struct Listener {
    inner: TcpListener,
}

impl Listener {
    pub fn new(inner: TcpListener) -> Self {
        Self { inner }
    }
}

/// One accepted connection, as handlers see it.
#[derive(Debug, Clone)]
pub struct Conn {
    pub remote: SocketAddr,
    /// The address the connection was accepted on.
    pub local: Option<SocketAddr>,
    cut: Arc<AtomicBool>,
}

impl Conn {
    /// From now on every read and write on the connection fails, so the server drops it without
    /// writing anything more.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
    }
}

/// A [`TcpStream`] that fails once its connection is cut.
pub struct Io {
    stream: TcpStream,
    cut: Arc<AtomicBool>,
}

impl Io {
    fn is_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }
}

fn cut_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by a local-cognito fault",
    )
}

impl AsyncRead for Io {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.is_cut() {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Io {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.is_cut() {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.is_cut() {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut this.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.is_cut() {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

impl axum::serve::Listener for Listener {
    type Io = Io;
    type Addr = Conn;

    async fn accept(&mut self) -> (Io, Conn) {
        loop {
            match self.inner.accept().await {
                Ok((stream, remote)) => {
                    let cut = Arc::new(AtomicBool::new(false));
                    let conn = Conn {
                        remote,
                        local: stream.local_addr().ok(),
                        cut: cut.clone(),
                    };
                    return (Io { stream, cut }, conn);
                }
                // Per-connection errors (reset before accept) need no pause; others (out of file
                // descriptors) do, or the loop would spin.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                    ) => {}
                Err(e) => {
                    eprintln!("[local-cognito] accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Conn> {
        let addr = self.inner.local_addr()?;
        Ok(Conn {
            remote: addr,
            local: Some(addr),
            cut: Arc::new(AtomicBool::new(false)),
        })
    }
}

impl Connected<IncomingStream<'_, Listener>> for Conn {
    fn connect_info(stream: IncomingStream<'_, Listener>) -> Self {
        stream.remote_addr().clone()
    }
}
