"""Real Tesseract on a crop of a few typed part-lines, the kind a batch of snippets holds."""

from pathlib import Path

from pipeline.settings import Context, Settings
from pipeline.stages import orient
from pipeline.stages.load import load_page

# A 900 x 260 window of a synthetic form page (an earlier pipeline.synth, seed 7004): the right
# half of the header, part-lines cut at the left edge above the form's thick rule. Its row
# profile is barely sharper than its column profile, and it used to be turned a quarter.
CROP = Path(__file__).resolve().parent.parent / "data" / "orient" / "part-lines-above-rule.png"


def test_a_crop_of_part_lines_above_a_rule_is_not_turned():
    ctx = Context(Settings(lang="rus+eng"))
    page, _ = load_page(str(CROP), 1, ctx.settings)
    orient.apply(page, ctx)
    assert ctx.params["axis"] == 90 and ctx.params["axis_ratio"] < orient.AXIS_SURE
    assert page.preprocess["rotation"] == 0, ctx.params["probe"]
