#!/usr/bin/env python3
"""Writes the seeds of the `plan_import_xlsx` fuzz target: the events and
indicators of exchange/tests/data as the sheets «Мероприятия» and «Показатели»,
dates as date-formatted serial numbers, plan values as numbers.

- DIR/workbook.xlsx: mode byte 0, then the whole workbook (entries stored
  uncompressed, so that mutations reach the XML);
- DIR/parts.xml: mode byte 1, then the sheets and the styles separated by
  form feeds, which the harness zips itself.

Usage, from the repository root: python3 fuzz/seeds/make_xlsx.py DIR"""

import csv
import datetime
import io
import re
import sys
import zipfile
from xml.sax.saxutils import escape

DATE = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4})$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def col(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def cell(ref, value):
    m = DATE.match(value)
    if m:
        d = datetime.date(int(m[3]), int(m[2]), int(m[1]))
        serial = (d - datetime.date(1899, 12, 30)).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    plain = value.replace(" ", "").replace(",", ".")
    if NUMBER.match(plain) and not value.startswith("0") and "." not in value:
        return f'<c r="{ref}"><v>{plain}</v></c>'
    if value == "":
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet(path):
    text = open(path, encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        cells = "".join(cell(f"{col(c)}{r}", v) for c, v in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


FILES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Мероприятия" sheetId="1" r:id="rId1"/><sheet name="Показатели" sheetId="2" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
}

events = sheet("exchange/tests/data/events.csv")
indicators = sheet("exchange/tests/data/indicators.csv")
archive = io.BytesIO()
with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
    for name, text in FILES.items():
        z.writestr(name, text)
    z.writestr("xl/worksheets/sheet1.xml", events)
    z.writestr("xl/worksheets/sheet2.xml", indicators)
with open(f"{sys.argv[1]}/workbook.xlsx", "wb") as out:
    out.write(b"\x00" + archive.getvalue())
shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/'
          'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Код</t></si></sst>')
parts = "\f".join([events.replace('t="inlineStr"><is><t>Код</t></is>', 't="s"><v>0</v>', 1),
                    indicators, shared, FILES["xl/styles.xml"]])
with open(f"{sys.argv[1]}/parts.xml", "wb") as out:
    out.write(b"\x01" + parts.encode())
