"""A folder submission whose q3/solution.py is a symbolic link to the kit's reference answer.

question: q3
base: reference
as: symlink
expect: failed
message: symbolic link
"""
