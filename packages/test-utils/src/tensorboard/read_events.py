"""Reads a folder of TensorBoard event files with TensorBoard's own reader and prints JSON.

usage: read_events.py LOGDIR        scalars and images, as EventAccumulator gives them
       read_events.py --crc HEX...  TensorBoard's masked_crc32c of each hex-encoded byte string

Used by Gantry's tests to check that TensorBoard accepts the files Gantry writes.
"""
import hashlib
import json
import sys

from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c


def read(logdir):
    # 0 keeps every event (the defaults sample 4 images and 10,000 scalars per tag).
    acc = ea.EventAccumulator(logdir, size_guidance={ea.SCALARS: 0, ea.IMAGES: 0})
    acc.Reload()
    tags = acc.Tags()
    scalars = {
        tag: [[e.step, e.value, e.wall_time] for e in acc.Scalars(tag)] for tag in tags["scalars"]
    }
    images = {
        tag: [
            [e.step, e.width, e.height, hashlib.sha256(e.encoded_image_string).hexdigest()]
            for e in acc.Images(tag)
        ]
        for tag in tags["images"]
    }
    return {"scalars": scalars, "images": images}


def main(argv):
    if argv[:1] == ["--crc"]:
        print(json.dumps([masked_crc32c(bytes.fromhex(h)) for h in argv[1:]]))
    else:
        print(json.dumps(read(argv[0])))


if __name__ == "__main__":
    main(sys.argv[1:])
