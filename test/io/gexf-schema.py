"""Validates GEXF files against the official schema (test/fixtures/gexf-schema, from gephi/gexf) with
Debian's python3-lxml: /usr/bin/python3 test/io/gexf-schema.py VERSION FILE... Prints one JSON list of
[file, null | first error]."""
import json, os, sys
from lxml import etree

here = os.path.dirname(os.path.abspath(__file__))
version, files = sys.argv[1], sys.argv[2:]
schema = etree.XMLSchema(etree.parse(os.path.join(here, '..', 'fixtures', 'gexf-schema', version, 'gexf.xsd')))
out = []
for f in files:
    ok = schema.validate(etree.parse(f))
    out.append([f, None if ok else str(schema.error_log.last_error)])
print(json.dumps(out))
