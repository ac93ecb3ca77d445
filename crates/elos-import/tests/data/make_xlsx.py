#!/usr/bin/env python3
"""Writes template-pt.xlsx, a synthetic spreadsheet for the CLI's .xlsx test: the smallest
valid Office Open XML workbook (inline strings, one date style), with a number, a date and a
=HYPERLINK formula cell. Synthetic: it restates no real link. Re-run: python3 make_xlsx.py"""
import os, zipfile
from xml.sax.saxutils import escape

ROWS = [
    ["cidade", "país", "parceiro", "país do parceiro", "tipo", "início", "fonte"],
    ["Ipatinga", "Brasil", "Milão", "Itália", "Cidade-irmã", ("n", 1978), ("f", 'HYPERLINK("https://example.org/lei","Lei sintética nº 1")', "Lei sintética nº 1")],
    ["Ipatinga", "Brasil", "Pequim", "China", "Cooperação bilateral", ("d", 42797), "Planilha sintética"],
]

def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    kind = v[0]
    if kind == "n":
        return f'<c r="{ref}"><v>{v[1]}</v></c>'
    if kind == "d":  # a day, shown with the built-in date format 14
        return f'<c r="{ref}" s="1"><v>{v[1]}</v></c>'
    return f'<c r="{ref}" t="str"><f>{escape(v[1])}</f><v>{escape(v[2])}</v></c>'

def sheet():
    rows = []
    for r, values in enumerate(ROWS, start=1):
        cells = "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values))
        rows.append(f'<row r="{r}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(rows)}</sheetData></worksheet>')

FILES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Vínculos" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    "xl/worksheets/sheet1.xml": sheet(),
}

here = os.path.dirname(os.path.abspath(__file__))
with zipfile.ZipFile(os.path.join(here, "template-pt.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in FILES.items():
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # fixed: same bytes each run
        z.writestr(info, text)
print("wrote template-pt.xlsx")
