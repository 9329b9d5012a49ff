// Test images: PNG through pngjs (a well-kept codec), PGM by its trivial header.
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export function writeSolidPng(file: string, width: number, height: number, rgb: [number, number, number]): void {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = rgb[1];
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  writeFileSync(file, PNG.sync.write(png));
}

export function readPng(file: string): {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number, number];
} {
  const png = PNG.sync.read(readFileSync(file));
  return {
    width: png.width,
    height: png.height,
    pixel: (x, y) => {
      const i = (y * png.width + x) * 4;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
    },
  };
}

export function writePgm(file: string, width: number, height: number, values: number[]): void {
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), Buffer.from(values)]));
}

export function readPgm(file: string): { width: number; height: number; values: number[] } {
  const buf = readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`${file} is not a P5 PGM`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, values: [...buf.subarray(header[0].length, header[0].length + width * height)] };
}
