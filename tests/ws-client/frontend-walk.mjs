// Walks the product as a web frontend does, against a running Host: log in, create a product, upload photos
// (a GraphQL multipart request built from FormData), analyse it and follow the run over graphql-ws, generate
// pictures and follow the request, then fetch every picture and thumbnail by its signed link, without a token.
//
// Usage: node frontend-walk.mjs --url http://127.0.0.1:5000 [--username admin] [--password ...] PHOTO...
//   (or PD_URL, PD_USERNAME, PD_PASSWORD; the password is better given by environment than on a command line).
// Prints one line per step on stderr and a JSON summary on stdout's last line; exits 1 naming the failed step.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws/client';
import WebSocket from 'ws';

const { values: options, positionals: photos } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.PD_URL },
    username: { type: 'string', default: process.env.PD_USERNAME ?? 'admin' },
    password: { type: 'string', default: process.env.PD_PASSWORD },
    timeout: { type: 'string', default: process.env.PD_WALK_TIMEOUT_MS ?? '120000' },
  },
});
if (!options.url || !options.password || photos.length === 0) {
  console.error('usage: node frontend-walk.mjs --url BASE_URL [--username NAME] --password PASSWORD PHOTO...');
  process.exit(2);
}

// What the walk asks for, and what it must therefore get back (1K: the long edge is 1024 pixels).
const ASK = { aspectRatio: '16:9', resolution: '1K', count: 2, seed: 'frontend-walk' };
const EXPECTED_SIZE = { width: 1024, height: 576 };
const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

const base = new URL(options.url);
const graphqlUrl = new URL('/graphql', base);
const webSocketUrl = new URL(graphqlUrl);
webSocketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';

let currentStep = 'start';
const watchdog = setTimeout(() => fail(new Error(`gave up after ${options.timeout} ms`)), Number(options.timeout));

function fail(error) {
  // fetch reports a refused connection as "fetch failed" with the reason in `cause`.
  // graphql-ws rejects with the socket's close event when the server closes it (e.g. 4403 for a bad token).
  const detail = error instanceof Error
    ? [error.message, error.cause?.message].filter(Boolean).join(': ')
    : error && typeof error === 'object' && 'code' in error ? `socket closed ${error.code} ${error.reason}` : JSON.stringify(error);
  console.error(`frontend-walk FAILED at step "${currentStep}": ${detail}`);
  process.exit(1);
}

async function step(name, body) {
  currentStep = name;
  const result = await body();
  console.error(`ok - ${name}`);
  return result;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** POST /graphql as JSON (or the given body); returns data, throwing on HTTP or top-level GraphQL errors. */
async function graphql(query, variables, { token, body } = {}) {
  const headers = body ? {} : { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(graphqlUrl, { method: 'POST', headers, body: body ?? JSON.stringify({ query, variables }) });
  const text = await response.text();
  check(response.ok, `HTTP ${response.status} from /graphql: ${text}`);
  const result = JSON.parse(text);
  check(!result.errors?.length, `GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A mutation's payload, throwing on any of its typed errors. */
function payloadOf(data, field) {
  const payload = data[field];
  check(payload.errors.length === 0, `${field} refused: ${JSON.stringify(payload.errors)}`);
  return payload;
}

/** Every result of a subscription until the server completes it (the stream ends after a final state). */
async function follow(client, query, variables, field) {
  const states = [];
  for await (const result of client.iterate({ query, variables })) {
    check(!result.errors?.length, `subscription errors: ${JSON.stringify(result.errors)}`);
    states.push(result.data[field]);
  }

  check(states.length > 0, `${field} completed without a state`);
  return states;
}

/** Statuses must only move forward, and the count of pictures done never go back. */
function checkProgression(states, order) {
  for (let i = 1; i < states.length; i++) {
    const [before, after] = [states[i - 1], states[i]];
    check(order.indexOf(after.status) >= order.indexOf(before.status), `status went back: ${before.status} -> ${after.status}`);
    if (before.progress) check(after.progress.done >= before.progress.done, `progress went back: ${before.progress.done} -> ${after.progress.done}`);
  }
}

/** Width and height read from a PNG, JPEG or WebP header; the format is taken from the bytes, not the name. */
function imageSize(bytes) {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return { format: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }

  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let at = 2; at + 9 < bytes.length;) {
      check(bytes[at] === 0xff, `bad JPEG marker at ${at}`);
      const marker = bytes[at + 1];
      // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { format: 'image/jpeg', width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      }

      at += 2 + bytes.readUInt16BE(at + 2);
    }
  }

  if (bytes.length > 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { format: 'image/webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
    if (chunk === 'VP8 ') return { format: 'image/webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = bytes.readUInt32LE(21);
      return { format: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
  }

  throw new Error(`not a PNG, JPEG or WebP (starts ${bytes.subarray(0, 12).toString('hex')})`);
}

/** The properties of the XMP packet in the file (stored uncompressed in every container the Host writes). */
function xmpProperties(bytes) {
  const start = bytes.indexOf('<?xpacket begin');
  const end = bytes.indexOf('<?xpacket end', start);
  check(start >= 0 && end > start, 'no XMP packet in the file');
  const packet = bytes.toString('utf8', start, end);
  const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const properties = {};
  for (const [, name, value] of packet.matchAll(/<(?:pd|Iptc4xmpExt):(\w+)>([^<]*)<\//g)) properties[name] = unescape(value);
  return properties;
}

/** GET a signed link with no token, as an <img src> does; returns the bytes after checking the response. */
async function download(link) {
  const response = await fetch(new URL(link, base));
  check(response.ok, `GET ${link} answered ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
}

try {
  const token = await step('log in', async () => {
    const data = await graphql(
      'mutation($i: LoginInput!) { login(input: $i) { accessToken errors { code message } } }',
      { i: { username: options.username, password: options.password } });
    return payloadOf(data, 'login').accessToken;
  });

  const productId = await step('create a product', async () => {
    const data = await graphql(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code message } } }',
      { i: { name: `Frontend walk ${new Date().toISOString()}`, category: 'Kitchen', tags: ['walk'] } },
      { token });
    return payloadOf(data, 'createProduct').product.id;
  });

  const photoIds = await step('upload the photos (GraphQL multipart request)', async () => {
    // The multipart request spec: `operations` (the request with null where files go), `map` (file field -> variable
    // paths), then one field per file. No Content-Type header: fetch writes it with the boundary.
    const form = new FormData();
    form.append('operations', JSON.stringify({
      query: `mutation($i: UploadReferenceImagesInput!) {
        uploadReferenceImages(input: $i) { referenceImages { id fileName width height isPrimary }
          errors { code message ... on InvalidImageError { fileName reason } } } }`,
      variables: { i: { productId, files: photos.map(() => null) } },
    }));
    form.append('map', JSON.stringify(Object.fromEntries(photos.map((_, i) => [String(i), [`variables.i.files.${i}`]]))));
    for (const [i, path] of photos.entries()) {
      // The type a browser would claim from the name; the Host trusts only the bytes anyway.
      const type = { jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' }[extname(path).slice(1).toLowerCase()] ?? 'image/png';
      form.append(String(i), new Blob([await readFile(path)], { type }), basename(path));
    }

    const data = await graphql(undefined, undefined, { token, body: form });
    const images = payloadOf(data, 'uploadReferenceImages').referenceImages;
    check(images.length === photos.length, `stored ${images.length} of ${photos.length} photos`);
    check(images.every((image) => image.width > 0 && image.height > 0), `unmeasured photo in ${JSON.stringify(images)}`);
    check(images[0].isPrimary && images.slice(1).every((image) => !image.isPrimary), `the first upload should be the only primary: ${JSON.stringify(images)}`);
    return images.map((image) => image.id);
  });

  const socket = createClient({
    url: webSocketUrl.href,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });

  try {
    const analysis = await step('analyse and follow the run (analysisRunChanged)', async () => {
      const data = await graphql(
        'mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id status } errors { code message } } }',
        { i: { productId } },
        { token });
      const runId = payloadOf(data, 'analyzeProduct').run.id;
      const states = await follow(
        socket,
        'subscription($id: ID!) { analysisRunChanged(runId: $id) { id status errorKind errorMessage specification { id version } } }',
        { id: runId },
        'analysisRunChanged');
      checkProgression(states, ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED']);
      const last = states.at(-1);
      check(last.status === 'SUCCEEDED', `the run ended ${last.status}: ${last.errorKind} ${last.errorMessage}`);
      check(last.specification?.version >= 1, `no specification on the run: ${JSON.stringify(last)}`);
      return { runId, states: states.map((s) => s.status), specification: last.specification };
    });

    const generation = await step('generate and follow the request (generationChanged)', async () => {
      const data = await graphql(
        'mutation($i: GenerateImagesInput!) { generateImages(input: $i) { request { id status } errors { code message } } }',
        { i: { productId, prompt: 'On a marble kitchen counter, morning light.', ...ASK } },
        { token });
      const request = payloadOf(data, 'generateImages').request;
      check(request.status === 'PENDING', `a new request is ${request.status}`);
      const states = await follow(
        socket,
        'subscription($id: ID!) { generationChanged(requestId: $id) { id status progress { done requested } errorKind errorMessage } }',
        { id: request.id },
        'generationChanged');
      checkProgression(states, ['PENDING', 'RUNNING', ...FINAL]);
      const last = states.at(-1);
      check(last.status === 'SUCCEEDED', `the request ended ${last.status}: ${last.errorKind} ${last.errorMessage}`);
      check(last.progress.done === ASK.count && last.progress.requested === ASK.count, `progress ${JSON.stringify(last.progress)}`);
      return { requestId: request.id, states: states.map((s) => `${s.status}:${s.progress.done}`) };
    });

    const images = await step('read the request and fetch each picture by its signed link', async () => {
      const data = await graphql(
        `query($id: ID!) { generationRequest(id: $id) { status images { id index url width height mimeType sizeBytes
           provenance { specificationId specificationVersion referenceImageIds provider resolution aspectRatio seed promptSha256 digitalSourceType } } } }`,
        { id: generation.requestId },
        { token });
      const request = data.generationRequest;
      check(request?.images.length === ASK.count, `expected ${ASK.count} pictures, got ${JSON.stringify(request)}`);
      const checked = [];
      for (const image of request.images) {
        const what = `picture ${image.index}`;
        const { bytes, contentType } = await download(image.url);
        const size = imageSize(bytes);
        check(size.format === image.mimeType && contentType === image.mimeType, `${what}: bytes are ${size.format}, served as ${contentType}, reported ${image.mimeType}`);
        check(bytes.length === image.sizeBytes, `${what}: ${bytes.length} bytes, reported ${image.sizeBytes}`);
        check(size.width === image.width && size.height === image.height, `${what}: file is ${size.width}x${size.height}, reported ${image.width}x${image.height}`);
        check(size.width === EXPECTED_SIZE.width && size.height === EXPECTED_SIZE.height, `${what}: ${size.width}x${size.height} for ${ASK.aspectRatio} ${ASK.resolution}`);

        const { provenance } = image;
        check(provenance.aspectRatio === ASK.aspectRatio && provenance.resolution === ASK.resolution && provenance.seed === ASK.seed, `${what}: provenance ${JSON.stringify(provenance)}`);
        check(provenance.specificationId === analysis.specification.id && provenance.specificationVersion === analysis.specification.version, `${what}: made from ${provenance.specificationId} v${provenance.specificationVersion}, not the analysed one`);
        // Every photo was sent, primary (the first upload) first.
        check(JSON.stringify(provenance.referenceImageIds) === JSON.stringify(photoIds), `${what}: sent photos ${provenance.referenceImageIds}, uploaded ${photoIds}`);

        const xmp = xmpProperties(bytes);
        check(xmp.RequestId === generation.requestId, `${what}: XMP names request ${xmp.RequestId}`);
        check(xmp.Index === String(image.index), `${what}: XMP names index ${xmp.Index}`);
        check(xmp.PromptSha256 === provenance.promptSha256 && xmp.DigitalSourceType === provenance.digitalSourceType, `${what}: XMP ${JSON.stringify(xmp)} differs from ${JSON.stringify(provenance)}`);
        check(xmp.SpecificationId === provenance.specificationId && xmp.SpecificationVersion === String(provenance.specificationVersion), `${what}: XMP specification ${xmp.SpecificationId} v${xmp.SpecificationVersion}`);
        checked.push({ index: image.index, mimeType: size.format, width: size.width, height: size.height, bytes: bytes.length, xmpRequestId: xmp.RequestId, digitalSourceType: xmp.DigitalSourceType });
      }

      return checked;
    });

    const gallery = await step('show the gallery with thumbnails', async () => {
      const data = await graphql(
        'query($id: ID!) { product(id: $id) { staleImageCount gallery(first: 20) { totalCount nodes { index thumbnailUrl(size: 256, format: WEBP) } } } }',
        { id: productId },
        { token });
      const { gallery: page, staleImageCount } = data.product;
      check(page.totalCount === ASK.count && page.nodes.length === ASK.count, `gallery holds ${page.totalCount}`);
      check(staleImageCount === 0, `${staleImageCount} stale pictures right after generating`);
      const thumbnails = [];
      for (const node of page.nodes) {
        const { bytes, contentType } = await download(node.thumbnailUrl);
        const size = imageSize(bytes);
        check(size.format === 'image/webp' && contentType === 'image/webp', `thumbnail ${node.index}: ${size.format} served as ${contentType}`);
        check(Math.max(size.width, size.height) === 256, `thumbnail ${node.index} is ${size.width}x${size.height}`);
        thumbnails.push(`${size.width}x${size.height}`);
      }

      return { totalCount: page.totalCount, thumbnails };
    });

    console.log(JSON.stringify({
      productId,
      photos: photoIds.length,
      analysis: { runId: analysis.runId, states: analysis.states, specificationVersion: analysis.specification.version },
      generation: { requestId: generation.requestId, states: generation.states },
      images,
      gallery,
    }));
  } finally {
    await socket.dispose();
  }
} catch (error) {
  fail(error);
}

clearTimeout(watchdog);
