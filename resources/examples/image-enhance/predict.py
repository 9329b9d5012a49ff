"""Enhance a photo: brightness, contrast, optional sharpening.

The class is created once; setup() loads the "model" (here a sharpening kernel),
predict() runs per call with the function protocol's request and returns its response.
"""
import json
import os

import numpy as np
from PIL import Image, ImageFilter


class Enhancer:
    def setup(self):
        with open(os.path.join(os.path.dirname(__file__), "models", "kernel.json")) as f:
            spec = json.load(f)
        self.kernel = ImageFilter.Kernel((spec["size"], spec["size"]), spec["kernel"], scale=spec["scale"])

    def predict(self, request):
        work = request["work_path"]
        args = request["arg_map"]
        image_in = next(f for f in request["input_files"] if f["key"] == "image")
        img = Image.open(os.path.join(work, image_in["local_path"])).convert("RGB")
        if args.get("sharpen"):
            img = img.filter(self.kernel)
        pixels = np.asarray(img, dtype=np.float32)
        out = (pixels - 128.0) * float(args["contrast"]) + 128.0
        out = np.clip(out * float(args["brightness"]), 0, 255).round().astype(np.uint8)
        result = Image.fromarray(out, "RGB")
        if args.get("mode") == "gray":
            result = result.convert("L")
        os.makedirs(os.path.join(work, "out"), exist_ok=True)
        result.save(os.path.join(work, "out", "image.png"))
        stats = {
            "width": img.width,
            "height": img.height,
            "mean_in": round(float(pixels.mean()), 3),
            "mean_out": round(float(np.asarray(result, dtype=np.float32).mean()), 3),
        }
        with open(os.path.join(work, "out", "stats.json"), "w") as f:
            json.dump(stats, f)
        return {
            "error_code": 0,
            "error_msg": "success",
            "output_files": [
                {"key": "image", "form": "LocalPath", "body": "out/image.png"},
                {"key": "stats", "form": "LocalPath", "body": "out/stats.json"},
            ],
            "arg_map": {},
        }
