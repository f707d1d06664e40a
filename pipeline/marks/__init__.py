"""Detectors for ink that is not typed text: stamps and handwriting.

`ink` (gray, ink and coloured-ink masks), `blobs` (candidate groups of ink), `features`
(one feature vector per candidate, scale-free), `detect` (candidates classified by
`pipeline.layout_model` and merged into stamp and handwriting detections), `removal`
(repainting coloured stamp ink out of the gray image).
The stage `pipeline.stages.marks` applies them; everything here is pure (arrays in, values out).
"""
