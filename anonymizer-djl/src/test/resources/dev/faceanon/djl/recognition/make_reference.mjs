// Produces the reference face descriptors that FaceRecognitionParityTest compares the Java recognizer with:
// the package's own JavaScript implementation (@vladmandic/face-api 1.7.15 on TensorFlow.js 4.22.0, the version its
// package.json names, CPU backend) run on the same inputs.
//
// Rerun (Node 20; nothing is installed into the repository), from the repository root:
//
//   deps="$(mktemp -d)"
//   npm install --prefix "$deps" --no-save --no-package-lock --ignore-scripts \
//       @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0
//   node anonymizer-djl/src/test/resources/dev/faceanon/djl/recognition/make_reference.mjs \
//       --deps "$deps/node_modules" --photo ../shared/real/astronaut.png --faces ../shared/real/faces.json \
//       --out anonymizer-djl/src/test/resources/dev/faceanon/djl/recognition
//
// (face-api's Node build for TensorFlow.js without native code, face-api.node-wasm.js, loads the wasm backend's
// package; the script then selects the plain CPU backend and checks that it runs on it.) The output is
// deterministic: rerunning rewrites the same files.
//
// Writes into --out:
//   chips/*.png      the inputs: crops of the real photo and synthetic images, 8-bit RGB
//   reference.json   for every chip its 128-d descriptor; for the photo's face the crop box face-api takes and
//                    the descriptor face-api computes from the whole photo and the face's 68 landmarks
//
// Dependency-free apart from the packages named above: PNG files are read and written here with node:zlib.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

const EXPECTED = { faceApi: '1.7.15', tfjs: '4.22.0' };

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`usage: node make_reference.mjs --deps DIR/node_modules --photo PNG --faces JSON --out DIR (at '${argv[i]}')`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of ['deps', 'photo', 'faces', 'out']) {
    if (!args[name]) throw new Error(`missing --${name}; see README.md`);
  }
  return args;
}

// ---- PNG, 8-bit RGB, non-interlaced: all this script reads or writes ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng({ width, height, rgb }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + 3 * width)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * 3 * width, 3 * width).copy(raw, y * (1 + 3 * width) + 1);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decodePng(file) {
  const png = readFileSync(file);
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2 || data[12] !== 0) throw new Error(`${file}: only 8-bit RGB non-interlaced PNG`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 3 * width;
  const rgb = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 3 ? rgb[y * stride + i - 3] : 0;
      const b = y > 0 ? rgb[(y - 1) * stride + i] : 0;
      const c = i >= 3 && y > 0 ? rgb[(y - 1) * stride + i - 3] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`${file}: unknown PNG filter ${filter}`);
      rgb[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, rgb };
}

function crop(image, x, y, width, height) {
  const rgb = new Uint8Array(width * height * 3);
  for (let r = 0; r < height; r++) {
    rgb.set(image.rgb.subarray(((y + r) * image.width + x) * 3, ((y + r) * image.width + x + width) * 3), r * width * 3);
  }
  return { width, height, rgb };
}

// ---- synthetic images: deterministic, no randomness from the platform ----

function synthetic(width, height, pixel) {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgb.set(pixel(x, y), (y * width + x) * 3);
  }
  return { width, height, rgb };
}

function xorshift32(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

function syntheticChips() {
  const next = xorshift32(20240514);
  return {
    'gradient-150x150.png': synthetic(150, 150, (x, y) => [Math.round(x * 255 / 149), Math.round(y * 255 / 149), Math.round((x + y) * 255 / 298)]),
    'noise-150x150.png': synthetic(150, 150, () => [next() & 0xff, next() & 0xff, next() & 0xff]),
    'checker-97x130.png': synthetic(97, 130, (x, y) => (((x >> 3) + (y >> 3)) & 1 ? [230, 40, 60] : [20, 200, 240])),
    'stripes-160x90.png': synthetic(160, 90, (x, y) => [(x * 7) & 0xff, (y * 11) & 0xff, ((x ^ y) * 3) & 0xff]),
    'dots-7x4.png': synthetic(7, 4, (x, y) => [(x * 37 + y * 11) & 0xff, (x * 5 + y * 71) & 0xff, (x * y * 29) & 0xff]),
  };
}

// ---- face-api's own face crop, as withFaceLandmarks().withFaceDescriptors() makes it from a tensor ----

function alignedRect(faceapi, image, face) {
  const [x1, y1, x2, y2] = face.box;
  const dims = { width: image.width, height: image.height };
  const detection = new faceapi.FaceDetection(1, new faceapi.Rect(x1 / dims.width, y1 / dims.height,
    (x2 - x1) / dims.width, (y2 - y1) / dims.height), dims);
  const box = detection.box;
  const unshifted = new faceapi.FaceLandmarks68(
    face.landmarks.map(([x, y]) => new faceapi.Point((x - box.x) / box.width, (y - box.y) / box.height)),
    { width: box.width, height: box.height });
  return faceapi.extendWithFaceLandmarks(faceapi.extendWithFaceDetection({}, detection), unshifted).alignedRect;
}

async function descriptor(faceapi, tensor) {
  return Array.from(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(tensor));
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const require = createRequire(join(resolve(args.deps), 'package.json'));
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const { tf } = faceapi;
  await tf.setBackend('cpu');
  await tf.ready();
  if (faceapi.version !== EXPECTED.faceApi || tf.version_core !== EXPECTED.tfjs || tf.getBackend() !== 'cpu') {
    throw new Error(`need face-api ${EXPECTED.faceApi} and tfjs ${EXPECTED.tfjs} on the cpu backend, have `
      + `${faceapi.version}, ${tf.version_core}, ${tf.getBackend()}`);
  }
  const modelDir = join(resolve(args.deps), '@vladmandic', 'face-api', 'model');
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

  const photo = decodePng(args.photo);
  const face = JSON.parse(readFileSync(args.faces, 'utf8'))[basename(args.photo)][0];
  const photoTensor = tf.tensor3d(Int32Array.from(photo.rgb), [photo.height, photo.width, 3], 'int32');

  // The photo's face exactly as face-api handles it: the aligned rect from the 68 landmarks, cut out of the
  // photo tensor, padded to a square, resized to 150x150.
  const rect = alignedRect(faceapi, photo, face);
  const [faceTensor] = await faceapi.extractFaceTensors(photoTensor, [rect]);
  const clipped = rect.forSize(photo.width, photo.height).box.clipAtImageBorders(photo.width, photo.height);
  const [cx, cy, cw, ch] = [clipped.x, clipped.y, clipped.width, clipped.height];
  if (faceTensor.shape[0] !== ch || faceTensor.shape[1] !== cw) {
    throw new Error(`face tensor ${faceTensor.shape} is not the clipped box ${cw}x${ch}`);
  }
  const photoCase = {
    photo: basename(args.photo),
    photoSha256: sha256(args.photo),
    face: 0,
    cropBox: { x: cx, y: cy, width: cw, height: ch },
    descriptor: await descriptor(faceapi, faceTensor),
  };
  faceTensor.dispose();

  const [bx1, by1, bx2, by2] = face.box;
  const centreX = Math.round((bx1 + bx2) / 2);
  const centreY = Math.round((by1 + by2) / 2);
  const chips = {
    'astronaut-aligned.png': crop(photo, cx, cy, cw, ch),
    'astronaut-box.png': crop(photo, bx1, by1, bx2 - bx1, by2 - by1),
    'astronaut-150x150.png': crop(photo, centreX - 75, centreY - 75, 150, 150),
    ...syntheticChips(),
  };
  mkdirSync(join(args.out, 'chips'), { recursive: true });
  const chipCases = [];
  for (const [name, image] of Object.entries(chips)) {
    const file = join(args.out, 'chips', name);
    writeFileSync(file, encodePng(image));
    const decoded = decodePng(file);
    const t = tf.tensor3d(Int32Array.from(decoded.rgb), [decoded.height, decoded.width, 3], 'int32');
    chipCases.push({ file: `chips/${name}`, width: decoded.width, height: decoded.height, descriptor: await descriptor(faceapi, t) });
    t.dispose();
  }
  photoTensor.dispose();

  const reference = {
    producedBy: 'make_reference.mjs',
    faceApi: faceapi.version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    node: process.version,
    model: {
      manifestSha256: sha256(join(modelDir, 'face_recognition_model-weights_manifest.json')),
      weightsSha256: sha256(join(modelDir, 'face_recognition_model.bin')),
    },
    photoFace: photoCase,
    chips: chipCases,
  };
  writeFileSync(join(args.out, 'reference.json'), `${JSON.stringify(reference, null, 1)}\n`);
  console.log(`wrote ${chipCases.length} chips and reference.json to ${args.out}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
