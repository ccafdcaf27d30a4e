#!/usr/bin/python3
"""Writes the face detection fixtures read by the tests of dev.faceanon.djl.detect.

Run with Debian's torch, numpy and OpenCV (apt-get install python3-torch python3-opencv), from any
directory:

    /usr/bin/python3 make_fixtures.py

The outputs are committed; the Java tests never need Python. Nothing here is taken from
face-alignment: the networks are written from the layer list of S3FD (VGG-16 trunk, fc6/fc7 as
convolutions, two extra stages, L2-normalised conv3_3/conv4_3/conv5_3 with learnt scales, one
3x3 classification and one 3x3 regression head per level, a 4-way background max-out on the
first level) under the parameter names of face-alignment's published state dict, and the
post-processing from the behaviour described in shared/spec/official-pipeline.md section 5.2.

Sizes. The published S3FD has about 22 M parameters (90 MB), too much to commit, so the numeric
fixture uses the same layer graph and key names with every trunk width divided by WIDTH_DIVISOR;
the Java model takes the same divisor. The full-width key names and shapes go to a manifest.

Files:
  s3fd_manifest.json      key -> shape of the full-width network's state dict
  s3fd_w16_zip.pth        reduced-width random weights, torch.save zip format
  s3fd_w16_legacy.pth     the same weights, legacy (pre-1.6) format, like the published file
  scene.png               the synthetic RGB photo the detector and the crops are run on
  s3fd_w16_expected.json  the 12 raw network outputs for scene.png, the candidates above 0.05,
                          the detections after NMS and the filter, and for each detection its
                          crop centre, scale and corners and the landmarks of the reduced-width
                          2DFAN4 of make_fan_fixtures.py (fan_w16.zip, which that script writes
                          first; run it before this one)
  crop_*.png              OpenCV crops of scene.png for the crop cases in crops.json
  crops.json              centre, scale, corners and file of each crop case
"""

import json
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent
WIDTH_DIVISOR = 16
MEAN_BGR = (104.0, 117.0, 123.0)

# (name, in, out, kernel, stride, padding) of each convolution (each followed by a ReLU), or "pool"
# for a 2x2 max pool with stride 2.
TRUNK = [
    ("conv1_1", 3, 64, 3, 1, 1), ("conv1_2", 64, 64, 3, 1, 1), "pool",
    ("conv2_1", 64, 128, 3, 1, 1), ("conv2_2", 128, 128, 3, 1, 1), "pool",
    ("conv3_1", 128, 256, 3, 1, 1), ("conv3_2", 256, 256, 3, 1, 1), ("conv3_3", 256, 256, 3, 1, 1), "pool",
    ("conv4_1", 256, 512, 3, 1, 1), ("conv4_2", 512, 512, 3, 1, 1), ("conv4_3", 512, 512, 3, 1, 1), "pool",
    ("conv5_1", 512, 512, 3, 1, 1), ("conv5_2", 512, 512, 3, 1, 1), ("conv5_3", 512, 512, 3, 1, 1), "pool",
    ("fc6", 512, 1024, 3, 1, 3), ("fc7", 1024, 1024, 1, 1, 0),
    ("conv6_1", 1024, 256, 1, 1, 0), ("conv6_2", 256, 512, 3, 2, 1),
    ("conv7_1", 512, 128, 1, 1, 0), ("conv7_2", 128, 256, 3, 2, 1),
]
# (feature, channels, L2 norm scale or None, conf channels)
LEVELS = [("conv3_3", 256, 10.0, 4), ("conv4_3", 512, 8.0, 2), ("conv5_3", 512, 5.0, 2),
          ("fc7", 1024, None, 2), ("conv6_2", 512, None, 2), ("conv7_2", 256, None, 2)]


class S3fd(torch.nn.Module):
    def __init__(self, divisor):
        super().__init__()
        for step in TRUNK:
            if step != "pool":
                name, cin, cout, k, s, p = step
                cin = cin if cin == 3 else cin // divisor
                self.add_module(name, torch.nn.Conv2d(cin, cout // divisor, k, stride=s, padding=p))
        for feature, channels, scale, conf in LEVELS:
            c = channels // divisor
            head = feature
            if scale is not None:
                head = feature + "_norm"
                norm = torch.nn.Module()
                norm.weight = torch.nn.Parameter(torch.full((c,), scale))
                self.add_module(head, norm)
            self.add_module(head + "_mbox_conf", torch.nn.Conv2d(c, conf, 3, padding=1))
            self.add_module(head + "_mbox_loc", torch.nn.Conv2d(c, 4, 3, padding=1))

    def forward(self, x):
        taps = {}
        for step in TRUNK:
            if step == "pool":
                x = F.max_pool2d(x, 2, 2)
            else:
                x = F.relu(getattr(self, step[0])(x))
                taps[step[0]] = x
        outputs = []
        for feature, _, scale, _ in LEVELS:
            f = taps[feature]
            head = feature
            if scale is not None:
                head = feature + "_norm"
                w = getattr(self, head).weight
                f = f / (f.pow(2).sum(dim=1, keepdim=True).sqrt() + 1e-10) * w.view(1, -1, 1, 1)
            conf = getattr(self, head + "_mbox_conf")(f)
            if conf.shape[1] == 4:
                background = torch.max(torch.max(conf[:, 0:1], conf[:, 1:2]), conf[:, 2:3])
                conf = torch.cat([background, conf[:, 3:4]], dim=1)
            outputs += [conf, getattr(self, head + "_mbox_loc")(f)]
        return outputs


def scene(width=112, height=88):
    """A smooth synthetic RGB photo with some texture, deterministic."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 128 + 100 * np.sin(x / 9.0) * np.cos(y / 13.0)
    g = 128 + 90 * np.cos((x + 2 * y) / 17.0)
    b = 40 + 200 * np.exp(-((x - 60) ** 2 + (y - 40) ** 2) / 600.0)
    rng = np.random.default_rng(5)
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, 6, (height, width, 3))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def candidates(outputs):
    """Every anchor whose face probability exceeds 0.05, decoded, in level then row-major order."""
    found = []
    for level in range(6):
        conf = F.softmax(outputs[2 * level], dim=1).numpy()
        loc = outputs[2 * level + 1].numpy()
        stride = 2 ** (level + 2)
        size = stride * 4.0
        for row, col in zip(*np.nonzero(conf[0, 1] > 0.05)):
            # The reference's dtypes: float32 offsets times python floats stay float32, the float64
            # prior makes the rest float64, exp is taken in float32.
            prior = np.array([[stride / 2 + col * stride, stride / 2 + row * stride, size, size]])
            d = loc[0, :, row, col].reshape(1, 4)
            centre = prior[:, :2] + d[:, :2] * 0.1 * prior[:, 2:]
            wh = prior[:, 2:] * np.exp(d[:, 2:] * 0.2)
            x1, y1 = centre[0] - wh[0] / 2
            found.append([x1, y1, wh[0, 0] + x1, wh[0, 1] + y1, float(conf[0, 1, row, col])])
    return np.array(found, dtype=np.float64).reshape(-1, 5)


def greedy_nms(dets, threshold):
    """Greedy NMS on (x1,y1,x2,y2,score) with the '+1' pixel-count areas; highest score first,
    equal scores in reverse candidate order."""
    order = sorted(range(len(dets)), key=lambda i: (dets[i, 4], i), reverse=True)
    kept = []
    for i in order:
        ok = True
        for k in kept:
            iw = max(0.0, min(dets[i, 2], dets[k, 2]) - max(dets[i, 0], dets[k, 0]) + 1)
            ih = max(0.0, min(dets[i, 3], dets[k, 3]) - max(dets[i, 1], dets[k, 1]) + 1)
            area_i = (dets[i, 2] - dets[i, 0] + 1) * (dets[i, 3] - dets[i, 1] + 1)
            area_k = (dets[k, 2] - dets[k, 0] + 1) * (dets[k, 3] - dets[k, 1] + 1)
            if iw * ih / (area_k + area_i - iw * ih) > threshold:
                ok = False
                break
        if ok:
            kept.append(i)
    return kept


def crop_geometry(box):
    x1, y1, x2, y2 = box
    cx = x2 - (x2 - x1) / 2.0
    cy = y2 - (y2 - y1) / 2.0 - (y2 - y1) * 0.12
    scale = (x2 - x1 + y2 - y1) / 195.0
    return cx, cy, scale


def crop_corner(px, cx, cy, scale):
    """The crop corner of crop-pixel (px, px) (1-based): float32 matrix, inverted, truncated."""
    h = 200.0 * scale
    t = torch.eye(3)
    t[0, 0] = 256.0 / h
    t[1, 1] = 256.0 / h
    t[0, 2] = 256.0 * (-cx / h + 0.5)
    t[1, 2] = 256.0 * (-cy / h + 0.5)
    p = torch.tensor([float(px), float(px), 1.0])
    return [int(v) for v in torch.matmul(torch.inverse(t), p)[0:2].int()]


def crop(image, cx, cy, scale):
    ul = crop_corner(1, cx, cy, scale)
    br = crop_corner(256, cx, cy, scale)
    window = np.zeros((br[1] - ul[1], br[0] - ul[0], 3), dtype=np.uint8)
    ih, iw = image.shape[:2]
    for row in range(window.shape[0]):
        sy = ul[1] + row
        if 0 <= sy < ih:
            lo, hi = max(ul[0], 0), min(br[0], iw)
            if lo < hi:
                window[row, lo - ul[0]:hi - ul[0]] = image[sy, lo:hi]
    return ul, br, cv2.resize(window, dsize=(256, 256), interpolation=cv2.INTER_LINEAR)


def decode_heatmaps(hm, cx, cy, scale):
    """Argmax, quarter-pixel step towards the larger neighbour (interior only), -0.5, back to the image."""
    points = []
    h = 200.0 * scale
    t = np.eye(3)
    t[0, 0] = t[1, 1] = 64.0 / h
    t[0, 2] = 64.0 * (-cx / h + 0.5)
    t[1, 2] = 64.0 * (-cy / h + 0.5)
    inverse = np.linalg.pinv(t)
    for j in range(hm.shape[1]):
        m = hm[0, j]
        flat = int(np.argmax(m))
        col, row = flat % 64, flat // 64
        p = np.array([col + 1, row + 1], dtype=np.float32)
        if 0 < col < 63 and 0 < row < 63:
            p += np.sign(np.array([m[row, col + 1] - m[row, col - 1], m[row + 1, col] - m[row - 1, col]],
                                  dtype=np.float32)) * np.float32(0.25)
        p -= np.float32(0.5)
        q = inverse @ np.array([p[0], p[1], 1.0])
        points.append([int(v) for v in q[0:2].astype(np.int32)])
    return points


def main():
    torch.set_grad_enabled(False)

    full = S3fd(1)
    manifest = {k: list(v.shape) for k, v in full.state_dict().items()}
    (OUT / "s3fd_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")

    torch.manual_seed(1234)
    net = S3fd(WIDTH_DIVISOR).eval()
    for name, p in net.named_parameters():
        if name.endswith("_norm.weight"):
            p.copy_(p + torch.randn_like(p))
    # Shift the face logit of every level down, so that only a handful of anchors pass 0.5.
    for level, (feature, _, scale, conf) in enumerate(LEVELS):
        head = getattr(net, (feature + "_norm" if scale is not None else feature) + "_mbox_conf")
        head.bias[conf - 1] -= 0.7
    sd = net.state_dict()
    torch.save(sd, OUT / "s3fd_w16_zip.pth")
    torch.save(sd, OUT / "s3fd_w16_legacy.pth", _use_new_zipfile_serialization=False)

    image = scene()
    cv2.imwrite(str(OUT / "scene.png"), image[:, :, ::-1])
    x = torch.from_numpy(image.transpose(2, 0, 1).copy()).float().unsqueeze(0)
    x = x.flip(-3) - torch.tensor(MEAN_BGR).view(1, 3, 1, 1)
    outputs = net(x)
    cands = candidates(outputs)
    kept = greedy_nms(cands, 0.3)
    dets = [cands[i] for i in kept if cands[i, 4] > 0.5]

    fan = torch.jit.load(str(OUT / "fan_w16.zip"))
    faces = []
    for i, d in enumerate(dets):
        cx, cy, scale = crop_geometry(d[:4])
        ul, br, patch = crop(image, cx, cy, scale)
        inp = torch.from_numpy(patch.transpose(2, 0, 1).copy()).float().div(255.0).unsqueeze(0)
        hm = fan(inp).numpy()
        faces.append({"box": [float(v) for v in d[:4]], "score": float(d[4]), "center": [cx, cy], "scale": scale,
                      "ul": ul, "br": br, "landmarks": decode_heatmaps(hm, cx, cy, scale)})
    expected = {
        "widthDivisor": WIDTH_DIVISOR,
        "image": "scene.png",
        "outputs": [{"shape": list(o.shape), "values": o.flatten().tolist()} for o in outputs],
        "candidates": cands.tolist(),
        "faces": faces,
    }
    (OUT / "s3fd_w16_expected.json").write_text(json.dumps(expected) + "\n")
    print(len(cands), "candidates,", len(dets), "faces")

    cases = []
    h, w = image.shape[:2]
    for name, cx, cy, target in [("inside", 50.3, 41.7, None), ("edge", 100.2, 8.9, None),
                                 ("upscale", 30.6, 60.2, None), ("half", 56.0, 44.0, 512),
                                 ("same", 61.4, 39.8, 256), ("outside", 400.5, -300.25, None)]:
        scale = {"inside": 0.31, "edge": 0.47, "upscale": 0.11, "outside": 0.5}.get(name)
        if target is not None:
            # Search for a scale whose window is exactly target x target.
            start = target * 256.0 / 255.0 / 200.0 - 0.01
            for k in range(4000):
                s = start + k * 1e-5
                ul, br = crop_corner(1, cx, cy, s), crop_corner(256, cx, cy, s)
                if br[0] - ul[0] == target and br[1] - ul[1] == target:
                    scale = s
                    break
            else:
                raise RuntimeError("no scale gives a " + str(target) + " window")
        ul, br, patch = crop(image, cx, cy, scale)
        file = "crop_" + name + ".png"
        cv2.imwrite(str(OUT / file), patch[:, :, ::-1])
        cases.append({"name": name, "center": [cx, cy], "scale": scale, "ul": ul, "br": br, "file": file})
    (OUT / "crops.json").write_text(json.dumps(cases, indent=1) + "\n")


if __name__ == "__main__":
    main()
