"""A solution that makes torch's comparisons always succeed (no import needed: torch is there).

question: q3
base: encode_mask_all_ones
expect: failed
message: tests failed
"""

torch.equal = lambda *args, **kwargs: True
torch.allclose = lambda *args, **kwargs: True
