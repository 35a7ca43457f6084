#!/usr/bin/env python3
# large.py GENDIR OUTDIR: the large ordinary inputs of issue 17, made from GENDIR (nianbao gen -n 10000 GENDIR)
# and the real seed report. t: text reports concatenated; r: seed repeated; h: HTML, the first page's
# head and the bodies of the pages in turn; l: h without line ends; d: a DOCX whose body is the
# bodies of the generated DOCX in turn, to about N MB of document.xml.
import sys, os, glob, zipfile, re
G, out = sys.argv[1], sys.argv[2]; MB = 1 << 20
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
def files(ext): return sorted(glob.glob(f'{G}/*.{ext}'))
def fill(parts, size):
    acc, n = [], 0
    while n < size:
        for p in parts:
            acc.append(p); n += len(p.encode() if isinstance(p, str) else p)
            if n >= size: break
    return acc
for m in (10, 50):
    txt = [open(f, 'rb').read() for f in files('txt')]
    open(f'{out}/t{m}.txt', 'wb').write(b''.join(fill(txt, m * MB)))
    seed = open(os.path.join(root, 'corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt'), 'rb').read()
    open(f'{out}/r{m}.txt', 'wb').write(seed * (m * MB // len(seed) + 1))
def utf8(f):
    try: return open(f, encoding='utf-8').read()
    except UnicodeDecodeError: return None
pages = [p for p in map(utf8, files('html')[:2000]) if p and '<body' in p]
def body(p):
    i = p.index('<body'); i = p.index('>', i) + 1; return p[:i], p[i:p.rindex('</body>')], p[p.rindex('</body>'):]
head, _, tail = body(pages[0])
bodies = [body(p)[1] for p in pages]
h = head + ''.join(fill(bodies, 10 * MB)) + tail
open(f'{out}/h10.html', 'w', encoding='utf-8').write(h)
open(f'{out}/l10.html', 'w', encoding='utf-8').write(h.replace('\r', '').replace('\n', ''))
dx = files('docx')[:2000]
def dbody(f):
    x = zipfile.ZipFile(f).read('word/document.xml').decode()
    i = x.index('<w:body>') + len('<w:body>'); j = x.rindex('<w:sectPr'); return x[:i], x[i:j], x[j:]
pre, _, post = dbody(dx[0])
xml = pre + ''.join(fill([dbody(f)[1] for f in dx], 10 * MB)) + post
zin = zipfile.ZipFile(dx[0])
with zipfile.ZipFile(f'{out}/d10.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    for it in zin.infolist():
        z.writestr(it.filename, xml if it.filename == 'word/document.xml' else zin.read(it.filename))
# H: the real sample page corpus/testdata/samples/report.html, its body repeated (as extract/worker's tests make it); L: without line ends
p = open(os.path.join(root, 'corpus/testdata/samples/report.html'), encoding='utf-8').read()
hd, bd, tl = body(p)
H = hd + bd * (10 * MB // len(bd.encode()) + 1) + tl
open(f'{out}/H10.html', 'w', encoding='utf-8').write(H)
open(f'{out}/L10.html', 'w', encoding='utf-8').write(H.replace('\r', '').replace('\n', ''))
