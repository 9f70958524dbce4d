"""A solution that returns Tensor subclasses whose comparisons always succeed.

question: q3
base: encode_mask_all_ones
expect: failed
message: tests failed
"""


class _AgreeableTensor(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in (torch.equal, torch.allclose, torch.Tensor.equal, torch.Tensor.allclose):
            return True
        return super().__torch_function__(func, types, args, kwargs or {})


_wrong_encode = encode


def encode(*args, **kwargs):
    batch = _wrong_encode(*args, **kwargs)
    for key in list(batch.keys()):
        if isinstance(batch[key], torch.Tensor):
            batch[key] = batch[key].as_subclass(_AgreeableTensor)
    return batch
