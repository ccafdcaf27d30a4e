#!/usr/bin/python3
"""Writes the PyTorch checkpoint fixtures read by TorchCheckpointTest.

Run with Debian's torch (apt-get install python3-torch; /usr/bin/python3), from any directory:

    /usr/bin/python3 make_fixtures.py

The outputs are committed; the Java tests never need torch. Every state dict is written twice,
in the zip format (torch >= 1.6) and in the legacy format (_use_new_zipfile_serialization=False),
and its values go to expected.json through .tolist(), independently of the binary layout.

The malicious pickles are assembled with the pickle module or by hand and are never loaded here.
Each payload would create MARKER if it ever ran; the test asserts that it does not exist.
"""

import collections
import io
import json
import os
import pickle
import struct
import zipfile
import zlib
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent
MARKER = "/tmp/faceanon-pickle-marker"


def mixed_dtypes():
    torch.manual_seed(20240521)
    base = torch.arange(10, dtype=torch.float32) * 0.5 - 1.0
    matrix = torch.randn(3, 2)
    sd = collections.OrderedDict()
    sd["f32"] = torch.randn(2, 3)
    sd["f16"] = torch.randn(2, 2).half()
    sd["bf16"] = torch.randn(5).bfloat16()
    sd["f64"] = torch.randn(3, dtype=torch.float64)
    sd["i64"] = torch.tensor([-(2 ** 40), -1, 0, 7, 2 ** 62], dtype=torch.int64)
    sd["i32"] = torch.tensor([-(2 ** 31), 5, 2 ** 31 - 1], dtype=torch.int32)
    sd["i16"] = torch.tensor([-32768, 12, 32767], dtype=torch.int16)
    sd["i8"] = torch.tensor([-128, -1, 127], dtype=torch.int8)
    sd["u8"] = torch.tensor([[0, 1, 127], [128, 200, 255]], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True, True])
    sd["scalar"] = torch.tensor(3.25)
    sd["empty"] = torch.zeros(0, 3)
    # Views sharing one storage: the base, a suffix (storage_offset 2), a 2-d window and a
    # stepped, non-contiguous view.
    sd["base"] = base
    sd["tail"] = base[2:]
    sd["window"] = base[3:9].view(2, 3)
    sd["every_other"] = base[1::2]
    # A transposed (non-contiguous) view of its own storage.
    sd["transposed"] = matrix.t()
    return sd


class TinyConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 4, kernel_size=3, padding=1),
            torch.nn.BatchNorm2d(4),
            torch.nn.ReLU(),
            torch.nn.Conv2d(4, 2, kernel_size=1, bias=False),
        )


def convnet():
    torch.manual_seed(7)
    net = TinyConvNet()
    # Running statistics that differ from the defaults, so the test sees real values.
    net.features[1].running_mean.copy_(torch.randn(4))
    net.features[1].running_var.copy_(torch.rand(4) + 0.5)
    net.features[1].num_batches_tracked.fill_(12)
    return net.state_dict()


class TiedLanguageHead(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(5, 3)
        self.head = torch.nn.Linear(3, 5, bias=True)
        self.head.weight = self.embed.weight


def tied():
    torch.manual_seed(11)
    return TiedLanguageHead().state_dict()


def nested():
    torch.manual_seed(3)
    inner = collections.OrderedDict()
    inner["conv.weight"] = torch.randn(2, 1, 2, 2)
    inner["conv.bias"] = torch.randn(2)
    return {
        "epoch": 17,
        "state_dict": inner,
        "meta": {"lr": 0.125, "tags": ["a", "b"], "ema": {"decay": torch.tensor([0.999])}},
    }


def parameters():
    """keep_vars=True keeps nn.Parameter objects: pickled through _rebuild_parameter."""
    torch.manual_seed(5)
    return torch.nn.Linear(3, 2).state_dict(keep_vars=True)


CASES = {"mixed": mixed_dtypes, "convnet": convnet, "tied": tied, "nested": nested, "params": parameters}
EXTENSIONS = {"mixed": "pt", "convnet": "pth", "tied": "pt", "nested": "pt", "params": "pt"}
# Written once more with pickle protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL).
PROTOCOL_4 = {"convnet"}

DTYPE_NAMES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def flatten(obj, prefix, out):
    """Dotted key -> tensor for every tensor reachable through dicts and lists."""
    if isinstance(obj, torch.Tensor):
        out[prefix] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            flatten(v, f"{prefix}.{i}" if prefix else str(i), out)


def describe(t):
    t = t.detach()
    values = t.flatten().tolist() if t.dtype != torch.bfloat16 else t.float().flatten().tolist()
    if t.dtype == torch.bool:
        values = [1 if v else 0 for v in values]
    return {
        "dtype": DTYPE_NAMES[t.dtype],
        "shape": list(t.shape),
        "values": values,
        "storage_offset": t.storage_offset(),
        "contiguous": t.is_contiguous(),
    }


def write_state_dicts(expected):
    for case, make in CASES.items():
        obj = make()
        ext = EXTENSIONS[case]
        variants = ["zip", "legacy"]
        torch.save(obj, OUT / f"{case}_zip.{ext}")
        torch.save(obj, OUT / f"{case}_legacy.{ext}", _use_new_zipfile_serialization=False)
        if case in PROTOCOL_4:
            variants += ["p4_zip", "p4_legacy"]
            torch.save(obj, OUT / f"{case}_p4_zip.{ext}", pickle_protocol=4)
            torch.save(obj, OUT / f"{case}_p4_legacy.{ext}", pickle_protocol=4,
                       _use_new_zipfile_serialization=False)
        flat = collections.OrderedDict()
        flatten(obj, "", flat)
        expected[case] = {"keys": list(flat.keys()),
                          "tensors": {k: describe(t) for k, t in flat.items()}}
        # Round trip through torch itself: the fixture is what torch reads back.
        for fmt in variants:
            again = collections.OrderedDict()
            flatten(torch.load(OUT / f"{case}_{fmt}.{ext}"), "", again)
            assert list(again.keys()) == list(flat.keys())
            for k in flat:
                assert torch.equal(again[k], flat[k]), (case, fmt, k)


def rewrite_as_zip64(src, dst):
    """Re-packs a torch zip with every size and offset in zip64 extra fields and a zip64 end of
    central directory, the layout of checkpoints over 4 GiB. Written by hand because the zipfile
    module only uses zip64 where a value overflows."""
    with zipfile.ZipFile(src) as zin:
        records = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    out = bytearray()
    central = bytearray()
    for name, data in records:
        raw_name = name.encode()
        crc = zlib.crc32(data)
        offset = len(out)
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0, crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(raw_name), len(local_extra))
        out += raw_name + local_extra + data
        central_extra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(raw_name), len(central_extra), 0, 0,
                               0, 0, 0xFFFFFFFF)
        central += raw_name + central_extra
    cd_offset = len(out)
    out += central
    zip64_eocd_offset = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(records), len(records),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, zip64_eocd_offset, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    dst.write_bytes(bytes(out))
    with zipfile.ZipFile(dst) as check:
        assert check.testzip() is None
    again, original = torch.load(dst), torch.load(src)
    assert all(torch.equal(again[k], original[k]) for k in original)


class ReduceTo:
    """An object whose pickle calls `func(*args)` on load: the classic pickle exploit."""

    def __init__(self, func, args):
        self.func = func
        self.args = args

    def __reduce__(self):
        return (self.func, self.args)


class PlainObject:
    """A user class: loading it would import __main__ and instantiate it."""

    def __init__(self):
        self.payload = MARKER


def hand_global_reduce(module, name, argument):
    """PROTO 2, GLOBAL module.name, (argument,), REDUCE, STOP - written by hand because
    pickling os.system itself records the platform module (posix.system)."""
    arg = argument.encode()
    return (b"\x80\x02c" + module.encode() + b"\n" + name.encode() + b"\n"
            + b"X" + struct.pack("<I", len(arg)) + arg + b"\x85R.")


def legacy_prefix():
    """The three leading pickles of the legacy format, copied from a real legacy file."""
    buf = io.BytesIO()
    torch.save({}, buf, _use_new_zipfile_serialization=False)
    f = io.BytesIO(buf.getvalue())
    for _ in range(3):
        pickle.load(f)
    return buf.getvalue()[:f.tell()]


def torch_zip(records, dst):
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in records:
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)


def write_malicious():
    touch = f"touch {MARKER}"
    write_marker = f"open({MARKER!r}, 'w').write('pwned')"
    payloads = {
        "evil_os_system.pkl": hand_global_reduce("os", "system", touch),
        "evil_builtins_eval.pkl": hand_global_reduce("builtins", "eval", write_marker),
        "evil_posix_system.pkl": pickle.dumps(ReduceTo(os.system, (touch,)), protocol=2),
        "evil_reduce_exec.pkl": pickle.dumps(ReduceTo(exec, (write_marker,)), protocol=4),
        "evil_plain_object.pkl": pickle.dumps(PlainObject(), protocol=2),
        # INST: MARK, the argument, INST os system -> os.system(argument). The argument is a
        # binary string so that INST is the first opcode a restricted reader meets.
        "evil_inst.pkl": (b"(X" + struct.pack("<I", len(touch)) + touch.encode()
                          + b"ios\nsystem\n."),
    }
    for name, data in payloads.items():
        (OUT / name).write_bytes(data)
    # The same exploits inside the two checkpoint layouts.
    torch_zip([("archive/data.pkl", payloads["evil_os_system.pkl"]), ("archive/version", b"3\n")],
              OUT / "evil_zip.pt")
    (OUT / "evil_legacy.pt").write_bytes(legacy_prefix() + payloads["evil_builtins_eval.pkl"])
    # A genuine torch.save of a state dict with one poisoned value.
    poisoned = collections.OrderedDict()
    poisoned["weight"] = torch.ones(2)
    poisoned["hook"] = ReduceTo(exec, (write_marker,))
    torch.save(poisoned, OUT / "evil_state_dict_zip.pt")
    torch.save(poisoned, OUT / "evil_state_dict_legacy.pt", _use_new_zipfile_serialization=False)
    assert not os.path.exists(MARKER)


def main():
    expected = {}
    write_state_dicts(expected)
    rewrite_as_zip64(OUT / "mixed_zip.pt", OUT / "mixed_zip64.pt")
    write_malicious()
    with open(OUT / "expected.json", "w") as f:
        json.dump({"torch_version": torch.__version__, "marker": MARKER, "cases": expected}, f,
                  indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
