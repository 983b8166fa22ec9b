"""The allowlist of the feedback page (nncourse/grading/report/inert.py), without a browser: prose,
tables and code pass unchanged; anything active is shown as text; output metadata is checked.
The browser's side (nothing runs, nothing is fetched) is tests/e2e/test_feedback_page.py."""

from __future__ import annotations

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output

from nncourse.grading.report import inert

PROSE = (
    '<h2 id="Loss">Loss<a class="anchor-link" href="#Loss">&#182;</a></h2>'
    "<p>The <em>mean</em> of <code>(y_hat - y)**2</code>, see "
    '<a href="https://cs231n.github.io/">CS231n</a>.</p>'
    "<table><thead><tr><th>N</th><th>loss</th></tr></thead><tbody><tr><td>1</td><td>0.5</td></tr>"
    "</tbody></table><pre><code>x = 1</code></pre><ul><li>one</li></ul><hr>"
)


def test_prose_tables_and_code_pass_unchanged():
    assert inert.clean_html(PROSE) == PROSE


def test_active_html_is_shown_as_text_not_run():
    for attack, kept_text in [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<style>h4{display:none}</style>", "&lt;style&gt;h4{display:none}&lt;/style&gt;"),
        ('<meta http-equiv="refresh" content="0;url=http://x/">', "&lt;meta"),
        ('<iframe src="javascript:alert(1)"></iframe>', "&lt;iframe"),
        ('<base href="http://x/">', "&lt;base"),
    ]:
        cleaned = inert.clean_html(attack)
        assert kept_text in cleaned and "<" not in cleaned.replace("&lt;", ""), cleaned
    for attack, gone in [
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<img src="http://127.0.0.1:9/b.png">', "127.0.0.1"),
        ('<a href="javascript:alert(1)">a</a>', "javascript"),
        ('<div style="position:fixed">x</div>', "position"),
        ('<details open ontoggle="alert(1)">x</details>', "ontoggle"),
        ('<td width="1 onload=alert(1)">x</td>', "onload"),
    ]:
        assert gone not in inert.clean_html(attack), attack
    image = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a plot">'
    assert inert.clean_html(image) == image


def test_outputs_keep_their_image_facts_and_lose_what_runs():
    cell = new_code_cell("x", outputs=[
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
                   metadata={"image/png": {"width": "1 onload=alert(1)", "height": 240, "alt": "a plot",
                                           "unconfined": True},
                             "filenames": {"image/png": "../../etc/x.png"}}),
        new_output("display_data", data={"application/javascript": "alert(1)"}),
        new_output("display_data", data={"application/javascript": "alert(1)", "text/plain": "shown"}),
    ])
    inert.inert_outputs(cell)
    image, script_only, with_text = cell.outputs
    assert image.metadata == NotebookNode({"image/png": {"height": 240, "alt": "a plot", "unconfined": True}})
    assert dict(script_only.data) == {"text/plain": inert.NOT_RUN_LINE}
    assert dict(with_text.data) == {"text/plain": "shown"}


def test_the_policy_comes_first_and_the_mathjax_loader_goes():
    page = ("<html><head><meta charset='utf-8'><!-- Load mathjax --><script src='https://cdn/x.js'></script>"
            "<!-- End of mathjax configuration --><title>t</title></head><body></body></html>")
    walled = inert.with_policy(page)
    assert walled.index(inert.POLICY_META) == len("<html><head>") + 1
    assert "cdn" not in walled and "<title>t</title>" in walled
