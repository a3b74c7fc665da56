#!/usr/bin/env python3
"""Adds operations to cognito_api.json, extracted from botocore's Cognito model in the same form
as the rest of the file (see its "description"): `extract_api.py OPERATION...`."""
import json, gzip, re, sys, glob, html
import os
# botocore's model, from the boto3 the tests install (scripts/bootstrap.sh), or BOTOCORE_MODEL.
p = os.environ.get('BOTOCORE_MODEL') or glob.glob(os.path.expanduser(
    '~/.cache/cognito-2fa/venv/lib/python3*/site-packages/botocore/data/cognito-idp/2016-04-18/service-2.json.gz'))[0]
m = json.load(gzip.open(p))
shapes = m['shapes']
def first_sentence(doc):
    if not doc: return None
    t = re.sub(r'<[^>]+>', '', doc); t = html.unescape(t).strip()
    t = re.sub(r'\s+', ' ', t)
    mm = re.match(r'(.+?\.)(\s|$)', t)
    return mm.group(1) if mm else t
def prim(ref):
    ms = shapes[ref['shape']]; o={'type': ms['type'], 'shape': ref['shape']}
    for k in ('min','max','pattern','enum','sensitive'):
        if k in ms: o[k]=ms[k]
    return o
def member(name, ref, required):
    s = shapes[ref['shape']]; out = {'required': required, 'type': s['type']}
    t = s['type']
    if t == 'structure': out['shape'] = ref['shape']; return out | ({'doc': first_sentence(ref.get('documentation'))} if ref.get('documentation') else {})
    elif t == 'list':
        out['member'] = prim(s['member'])
        out['shape'] = ref['shape']
    elif t == 'map':
        out['shape']=ref['shape']; out['key']=prim(s['key']); out['value']=prim(s['value'])
    else:
        out['shape'] = ref['shape']
    for k in ('min','max','pattern','enum','sensitive'):
        if k in s: out[k]=s[k]
    d = first_sentence(ref.get('documentation'))
    if d: out['doc']=d
    return out
def struct(name):
    s = shapes[name]; req=set(s.get('required',[]))
    return {'members': {k: member(k, v, k in req) for k,v in s['members'].items()}}
def op(name):
    o = m['operations'][name]
    r = {'http': o['http'], 'x_amz_target': 'AWSCognitoIdentityProviderService.'+name}
    for k in ('authtype','auth'):
        if k in o: r[k]=o[k]
    r['unauthenticated'] = o.get('authtype')=='none' or 'smithy.api#noAuth' in o.get('auth',[])
    d = first_sentence(o.get('documentation'))
    if d: r['doc']=d
    r['input_shape']=o['input']['shape']; r['input']=struct(o['input']['shape'])
    if 'output' in o:
        r['output_shape']=o['output']['shape']; r['output']=struct(o['output']['shape'])
    else:
        r['output_shape']=None; r['output']={'members': {}}
    r['errors']=[e['shape'] for e in o.get('errors',[])]
    r['takes_access_token']='AccessToken' in r['input']['members']
    r['takes_session']='Session' in r['input']['members']
    return r

if __name__ == '__main__':
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cognito_api.json')
    d = json.load(open(path))
    for name in sys.argv[1:]:
        o = op(name)
        o['errors'] = list(dict.fromkeys(o['errors']))
        d['operations'][name] = o
        for e in o['errors']:
            d['errors'].setdefault(e, {'doc': first_sentence(shapes[e].get('documentation'))})
    d['errors'] = dict(sorted(d['errors'].items()))
    with open(path, 'w') as f:
        json.dump(d, f, indent=1, ensure_ascii=False)
