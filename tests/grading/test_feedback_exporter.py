"""The feedback exporter renders what nbconvert's HTMLExporter renders, without its BeautifulSoup pass."""

from __future__ import annotations

import base64

from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from nncourse.grading.report.feedback import MISSING_ALT, FeedbackExporter

# a 1x1 PNG
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
    )
).decode()


def _notebook():
    plot = new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"})
    described = new_markdown_cell(f'<img src="data:image/png;base64,{PIXEL}" alt="a described image">')
    return new_notebook(cells=[
        new_markdown_cell("# Feedback\n\nSome *text* and `code`."),
        new_code_cell("print('✓ ok')", outputs=[new_output("stream", name="stdout", text="✓ ok\n")]),
        new_code_cell("plt.plot([0, 1])", outputs=[plot, plot]),
        described,
    ], metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})


def test_every_image_gets_alt_text_and_the_page_reads_the_same():
    nb = _notebook()
    ours, _ = FeedbackExporter(template_name="classic").from_notebook_node(nb)
    stock, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    ours_soup, stock_soup = BeautifulSoup(ours, "html.parser"), BeautifulSoup(stock, "html.parser")
    assert [img.get("alt") for img in ours_soup.find_all("img")] == [
        img.get("alt") for img in stock_soup.find_all("img")
    ] == [MISSING_ALT, MISSING_ALT, "a described image"]
    # the same words: only the MathJax loader's blank lines are gone (inert.with_policy)
    assert ours_soup.get_text().split() == stock_soup.get_text().split()
    assert "<img alt=" in ours, "the alt text is written into the page itself"
    bare, _ = FeedbackExporter(template_name="classic", sanitize_html=False,
                               content_policy=False).from_notebook_node(nb)
    assert BeautifulSoup(bare, "html.parser").get_text() == stock_soup.get_text()
