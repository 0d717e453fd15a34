"""The picture per finding (factcheck/picture.py): in the HTML page, drawn by headless Chromium at a desktop
and a phone width, and as tables in the markdown job summary."""

import json
import re
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, browser, chromium
from factcheck import picture
from factcheck.cli import app
from factcheck.types import Claim, DateValue

runner = CliRunner()
QUAKE = sorted(str(p) for p in (ROOT / "tests" / "eval" / "quake-cianjur").glob("*.md"))
ARTIFACTS = ROOT / "tests" / "artifacts"


def _render(fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["check", *QUAKE, "--format", fmt, "--output", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    return out.read_text()


def test_each_finding_with_two_sources_has_a_strip_and_the_page_a_timeline(tmp_path):
    page = _render("html", tmp_path)
    assert "<svg " in page and "<img" not in page and "http" not in page.split("<svg ")[1]  # inline, no fetch
    assert page.count('class="fc-strip"') == 2  # the depth and the toll; the weekday has one source
    assert page.count('class="fc-timeline"') == 1
    depth = page.split('<section class="d medium"')[1].split("</section>")[0]
    assert depth.count('class="fc-outlier"') == 1 and depth.count('class="fc-majority"') == 2
    assert 'class="fc-band"' in depth
    toll = page.split('<section class="d low"')[1].split("</section>")[0]
    assert 'class="fc-update"' in toll and "rising: an update" in toll
    # The rising line goes up the page (SVG y grows downwards) from the earlier to the later source.
    pts = re.search(r'class="fc-update" points="([^"]+)"', toll).group(1).split()
    (x_a, y_a), (x_b, y_b) = (map(float, p.split(",")) for p in pts)
    assert x_b > x_a and y_b < y_a
    timeline = page.split('class="fc-timeline"')[1].split("</svg>")[0]
    assert timeline.count('class="fc-outlier"') == 1 and "Selasa (21/11/2022)" in timeline  # the weekday error


def test_the_job_summary_draws_the_same_as_tables(tmp_path):
    md = _render("markdown", tmp_path)
    assert "| quake-b | 2022-11-22 09:00 | 11 kilometer | ··········◆ | outlier |" in md
    assert "| quake-b | 2022-11-22 09:00 | 162 | ··········● | update ↑ |" in md
    assert "| 2022-11-21 | quake-c | 2022-11-22 | Selasa (21/11/2022) | disputed |" in md


def _claim(value: DateValue) -> Claim:
    return Claim("a", "", "", value.iso, None, 1, 1, 0, 0, date=value)


def test_dates_without_a_year_are_not_placed():
    assert picture.day_span(_claim(DateValue("day", 2022, 11, 21))) == (738480, 738480)
    assert picture.day_span(_claim(DateValue("month", 2024, 2))) == (738917, 738945)
    assert picture.day_span(_claim(DateValue("month", None, 9))) is None  # "XXXX-09"
    assert picture.day_span(_claim(DateValue("week", 2023, week=37))) is None


# Headless Chromium keeps its window at least 500 px wide, so the page is laid out in an iframe of exactly
# the width under test; the probe writes each picture's box, and the boxes of everything drawn in it, into
# the DOM, which --dump-dom prints once the page (and so the frame) has loaded.
PROBE = """<!doctype html><html><body style="margin:0"><script>
function probe(){const doc=document.getElementById('f').contentDocument;
const boxes=[...doc.querySelectorAll('svg')].map(svg=>{const r=svg.getBoundingClientRect();
  const inner=[...svg.querySelectorAll('circle,rect,path,text,polyline,line')].map(e=>e.getBoundingClientRect())
    .filter(b=>b.width>0||b.height>0);
  return {cls:svg.getAttribute('class'),left:r.left,right:r.right,width:r.width,height:r.height,
    minLeft:Math.min(...inner.map(b=>b.left)),maxRight:Math.max(...inner.map(b=>b.right))};});
const pre=document.createElement('pre');pre.id='probe';
pre.textContent=JSON.stringify({viewport:doc.documentElement.clientWidth,boxes});document.body.append(pre);}
</script><iframe id="f" width="WIDTH" height="3000" style="border:0" onload="probe()" srcdoc="PAGE"></iframe>
</body></html>"""


@pytest.mark.skipif(chromium() is None, reason="no Chromium installed (make test installs Debian's chromium)")
@pytest.mark.parametrize("width", [1400, 420])
def test_pictures_fit_the_screen_and_show_the_outlier(tmp_path, width):
    import numpy as np
    from PIL import Image

    html = _render("html", tmp_path)
    page = tmp_path / "report.html"
    page.write_text(html)
    probe = tmp_path / "probe.html"
    probe.write_text(PROBE.replace("WIDTH", str(width)).replace("PAGE", escape(html, quote=True)))
    binary = chromium()
    dom = browser(binary, tmp_path / "p1", f"--window-size={width + 100},3100", "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    seen = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    viewport = seen["viewport"]
    assert viewport <= width
    assert sorted(b["cls"] for b in seen["boxes"]) == ["fc-strip", "fc-strip", "fc-timeline"]
    for box in seen["boxes"]:
        assert box["width"] > 0.5 * min(viewport, 720) and box["height"] > 60, box  # drawn, not collapsed
        assert box["left"] >= 0 and box["right"] <= viewport, box  # the picture is inside the screen
        assert box["left"] - 1 <= box["minLeft"] and box["maxRight"] <= box["right"] + 1, box  # nothing cut off

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"quake-pictures-{width}.png"
    browser(binary, tmp_path / "p2", f"--window-size={width},3000", f"--screenshot={shot}", page.as_uri())
    px = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert px.shape[1] == width
    r, g, b = (int(picture.OUTLIER[i : i + 2], 16) for i in (1, 3, 5))
    outlier = (abs(px[..., 0] - r) < 12) & (abs(px[..., 1] - g) < 12) & (abs(px[..., 2] - b) < 12)
    # Outlier markers: the depth's outlier dot and the timeline's disputed weekday, even scaled to a phone.
    assert int(outlier.sum()) > (60 if width == 1400 else 20), int(outlier.sum())
    # The marks sit inside the screen's width, not in a part one has to scroll to.
    cols = np.nonzero(outlier.any(axis=0))[0]
    assert cols.min() > 0 and cols.max() < width - 1
    ur, ug, ub = (int(picture.UPDATE[i : i + 2], 16) for i in (1, 3, 5))
    update = (abs(px[..., 0] - ur) < 12) & (abs(px[..., 1] - ug) < 12) & (abs(px[..., 2] - ub) < 12)
    assert int(update.sum()) > 40  # the rising line of the toll
