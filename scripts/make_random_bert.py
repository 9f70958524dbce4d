"""Write a random BERT of another size (with the kit's tokenizer) to check `--model`.

Usage: python scripts/make_random_bert.py OUT [--hidden 64 --layers 2 --heads 2]
then:  pytest exercises/q4 --impl reference --model OUT
"""

import argparse
from pathlib import Path

from kit.tiny_models import save_random_bert

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("out", type=Path)
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--layers", type=int, default=2)
parser.add_argument("--heads", type=int, default=2)
args = parser.parse_args()
print(save_random_bert(args.out, args.hidden, args.layers, args.heads))
