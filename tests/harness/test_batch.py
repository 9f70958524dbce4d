"""`kit grade-batch` and the instructor's input: a class folder as instructors really receive one.

Taking a submission (kit.grading.intake) is checked in-process on small synthetic zips and folders;
the batch itself runs as `kit grade-batch` in a subprocess on q3 only (a few seconds per
submission), with TMPDIR pointed at a folder of the test's own so nothing can land elsewhere.
"""

import csv
import io
import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kit.clients.batch import Row, assign_folders, cell, progress_line
from kit.grading import intake
from kit.paths import EXERCISES, REFERENCE, ROOT
from kit.progress import Progress
from kit.questions import all_questions

QUESTIONS = [q for q in all_questions() if q.key in ("q3", "q5")]

Q3 = (REFERENCE / "q3" / "solution.py").read_bytes()
STUB = (EXERCISES / "q3" / "solution.py").read_bytes()
FULL = 8.0  # q3's points
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests name fragments of the kit's English messages; the commands they run inherit KIT_LANG."""
    monkeypatch.setenv("KIT_LANG", "en")


# ---------------------------------------------------------------- building submissions


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def patch_first_member(path: Path, flags: int | None = None, method: int | None = None,
                       name: tuple[bytes, bytes] | None = None) -> Path:
    """Rewrite the first member's header fields (local header and central directory) in place:
    what Python's zipfile will not write (encryption flag, an unknown method, a bad UTF-8 name)."""
    data = bytearray(path.read_bytes())
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    for start, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        if flags is not None:
            old = struct.unpack_from("<H", data, start + flag_at)[0]
            struct.pack_into("<H", data, start + flag_at, old | flags)
        if method is not None:
            struct.pack_into("<H", data, start + method_at, method)
    if name is not None:
        data = bytearray(bytes(data).replace(*name))
    path.write_bytes(bytes(data))
    return path


def corrupt_zip(path: Path) -> Path:
    make_zip(path, {"q3/solution.py": Q3 * 3})
    data = bytearray(path.read_bytes())
    start = 30 + len("q3/solution.py") + 200
    data[start:start + 40] = bytes(40)
    path.write_bytes(bytes(data))
    return path


def encrypted_zip(path: Path) -> Path:
    return patch_first_member(make_zip(path, {"q3/solution.py": Q3}), flags=0x1)


def deflate64_zip(path: Path) -> Path:
    return patch_first_member(make_zip(path, {"q3/solution.py": Q3}), method=9)


def bad_name_zip(path: Path) -> Path:
    return patch_first_member(make_zip(path, {"q3/XXXX.py": b"x"}), flags=0x800, name=(b"XXXX", b"\xff\xfe\xfd\xfc"))


def symlink_member_zip(path: Path, target: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("q3/solution.py")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, target)
    return path


def honest_folder(path: Path, source: bytes = Q3) -> Path:
    (path / "q3").mkdir(parents=True)
    (path / "q3" / "solution.py").write_bytes(source)
    return path


# ---------------------------------------------------------------- taking one submission (in-process)


@pytest.mark.parametrize("build, expected", [
    (encrypted_zip, "password-protected"),
    (deflate64_zip, "compression method 9"),
    (corrupt_zip, "corrupt"),
    (lambda p: make_zip(p, {"q3/solution.py": bytes(1_500_000)}), "a zip bomb"),
    (lambda p: make_zip(p, {"q3/solution.py": Q3, "q5/solution.py": os.urandom(1_900_000)},
                        zipfile.ZIP_STORED), "add up to"),
    (lambda p: make_zip(p, {f"junk/{i}.txt": b"" for i in range(40)}), "entries"),
    (bad_name_zip, "not valid UTF-8"),
    (lambda p: make_zip(p, {"../q3/solution.py": Q3}), "'..' path"),
    (lambda p: make_zip(p, {"/tmp/q3/solution.py": Q3}), "absolute"),
    (lambda p: make_zip(p, {"a/q3/solution.py": Q3, "a//q3/solution.py": STUB}), "twice"),
    (lambda p: p.write_bytes(b"PK\x03\x04 not really") and p, "not a readable zip"),
])
def test_a_zip_that_cannot_be_taken_is_refused_with_its_reason(tmp_path, build, expected):
    archive = build(tmp_path / "sub.zip")
    limits = intake.ZipLimits(members=30, total_bytes=1_500_000)
    with pytest.raises(intake.IntakeError, match=expected):
        intake.take(archive, tmp_path / "dest", QUESTIONS, limits)
    assert not (tmp_path / "dest").exists()


def test_only_solutions_and_answers_leave_a_zip_the_shallowest_winning(tmp_path):
    archive = make_zip(tmp_path / "sub.zip", {
        "deep/er/q3/solution.py": STUB, "work/q3/solution.py": Q3, "work/q3/answers.toml": b"a = 1\n",
        "work/q3/test_public.py": b"x", "work/conftest.py": b"raise SystemExit\n", "work/q5/data.csv": b"1",
        "work/q3/": b""})
    taken = intake.take(archive, tmp_path / "dest", QUESTIONS)
    dest = taken.folder
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "q3/answers.toml", "q3/solution.py"]
    assert (dest / "q3" / "solution.py").read_bytes() == Q3
    assert "`work/q3/solution.py`" in taken.lines["q3"] and "`deep/er/q3/solution.py`" in taken.lines["q3"]


def test_a_zip_and_a_folder_take_the_same_files_by_the_same_rules(tmp_path, monkeypatch):
    """One intake: two same-depth copies go alphabetically in a zip as in a folder (and say so)."""
    monkeypatch.setenv("KIT_LANG", "en")
    files = {"b/q3/solution.py": STUB, "a/q3/solution.py": Q3, "a/q3/answers.toml": b"c1 = 1\n"}
    archive = make_zip(tmp_path / "sub.zip", files)
    folder = tmp_path / "folder"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    from_zip = intake.take(archive, tmp_path / "z", QUESTIONS)
    from_folder = intake.take(folder, tmp_path / "f", QUESTIONS)
    assert from_zip.digest == from_folder.digest and from_zip.lines == from_folder.lines
    assert "alphabetical" in from_zip.lines["q3"] and "`b/q3/solution.py`" in from_zip.lines["q3"]
    # A symbolic link in a zip is never extracted: the question says why, the rest is taken.
    linked = symlink_member_zip(tmp_path / "link.zip", str(REFERENCE / "q3" / "solution.py"))
    taken = intake.take(linked, tmp_path / "l", QUESTIONS)
    assert not (taken.folder / "q3").exists() and "symbolic link" in taken.problems["q3"] == taken.lines["q3"]


def test_a_folder_submission_with_a_symbolic_link_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    linked = tmp_path / "linked"
    (linked / "q3").mkdir(parents=True)
    (linked / "q3" / "solution.py").symlink_to(REFERENCE / "q3" / "solution.py")
    taken = intake.take(linked, tmp_path / "dest", QUESTIONS)
    assert not (taken.folder / "q3").exists() and "q3/solution.py is a symbolic link" in taken.problems["q3"]
    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "q3").symlink_to(REFERENCE / "q3", target_is_directory=True)
    taken = intake.take(whole, tmp_path / "dest2", QUESTIONS)
    assert not (taken.folder / "q3").exists() and "q3/ is a symbolic link" in taken.problems["q3"]
    honest = honest_folder(tmp_path / "honest")
    (honest / "notes.txt").write_text("x", encoding="utf-8")
    dest = intake.take(honest, tmp_path / "dest3", QUESTIONS).folder
    assert [p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()] == ["q3/solution.py"]


def test_folder_names_are_unique_safe_and_formula_cells_are_neutralised(tmp_path):
    for name in ("carol", "d e", "d_e", "Eve", "eve", "gradebook.csv"):
        (tmp_path / name).mkdir(exist_ok=True)
    make_zip(tmp_path / "carol.zip", {})
    paths = [tmp_path / n for n in ("carol", "carol.zip", "d e", "d_e", "Eve", "eve", "gradebook.csv")]
    folders = assign_folders(paths)
    assert [folders[p] for p in paths] == ["carol", "carol-2", "d_e-2", "d_e", "Eve", "eve-2", "gradebook.csv-2"]
    assert [cell(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ann", "1.5")] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "x", "ann", "1.5"]  # a carriage return is stripped as shown


def test_output_paths_are_checked_before_anything_runs(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert "is a folder" in intake.output_file_problem(tmp_path, "--results")
    assert "which is a file" in intake.output_file_problem(a_file / "sub" / "results.json", "--results")
    assert intake.output_file_problem(tmp_path / "new" / "results.json", "--results") is None
    assert "is a file" in intake.output_folder_problem(a_file, "--out")
    assert "which is a file" in intake.output_folder_problem(a_file / "out", "--out")
    assert intake.output_folder_problem(tmp_path / "new" / "out", "--out") is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_in_a_log():
    done = Row("ann", "ann", {"q3": ("passed", 8.0, "")})
    broken = Row("bob.zip", "bob", {"q3": ("crashed", 0.0, "refused")}, error="submission refused: encrypted")
    log, terminal = io.StringIO(), Terminal()
    for stream in (log, terminal):
        progress = Progress(3, "submission", stream)
        progress.update(progress_line(done, True), done.failed, kept=True)
        progress.update(progress_line(broken, False), broken.failed)
        progress.update(progress_line(done, False), done.failed)
    lines = log.getvalue().splitlines()
    assert [line.split("]")[0] for line in lines] == ["[1/3  failures 0  ETA -", lines[1].split("]")[0],
                                                      "[3/3  failures 1  ETA -"]
    assert lines[1].startswith("[2/3  failures 1  ETA ") and "submission refused: encrypted" in lines[1]
    assert "kept from the earlier run" in lines[0] and "\r" not in log.getvalue()
    bar = terminal.getvalue()  # tqdm's: the resumed row shrinks its total, the last update closes it
    assert bar.endswith("\n") and bar.count("\n") == 1 and "2/2" in bar and "failures 1" in bar, bar


# ---------------------------------------------------------------- the batch, end to end


def kit(tmp_path: Path, *args: str, timeout: int = 400) -> subprocess.CompletedProcess:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=timeout)


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_class_with_every_kind_of_broken_submission_is_graded_to_the_end(tmp_path):
    cls = tmp_path / "class"
    honest = ["ann", "carol", "d e", "d_e"]
    for name in honest:
        honest_folder(cls / name)
    os.mkdir(os.fsencode(cls) + b"/caf\xe9")  # a folder name that is not UTF-8
    honest_folder(Path(os.fsdecode(os.fsencode(cls) + b"/caf\xe9")))
    make_zip(cls / "carol.zip", {"carol/exercises/q3/solution.py": Q3, "carol/conftest.py": b"raise SystemExit(3)\n"})
    make_zip(cls / "=HYPERLINK(1).zip", {"q3/solution.py": Q3})
    honest_folder(cls / "stubs", STUB)
    broken = {
        "locked.zip": ("password-protected", encrypted_zip),
        "deflate64.zip": ("compression method 9", deflate64_zip),
        "corrupt.zip": ("corrupt", corrupt_zip),
        "bomb.zip": ("zip bomb", lambda p: make_zip(p, {"q3/solution.py": bytes(1_500_000)})),
        "badname.zip": ("UTF-8", bad_name_zip),
        "escape.zip": ("'..' path", lambda p: make_zip(p, {"../../q3/solution.py": Q3})),
        "link.zip": ("symbolic link", lambda p: symlink_member_zip(p, str(REFERENCE / "q3" / "solution.py"))),
        "notzip.zip": ("not a readable zip", lambda p: p.write_text("no", encoding="utf-8")),
        "carol.tar.gz": ("neither a folder nor a .zip", lambda p: p.write_bytes(b"\x1f\x8b")),
    }
    for name, (_, build) in broken.items():
        build(cls / name)
    linked = cls / "linked"
    (linked / "q3").mkdir(parents=True)
    (linked / "q3" / "solution.py").symlink_to(REFERENCE / "q3" / "solution.py")
    out = cls / "out"
    (cls / "notes.txt").write_text("not a submission", encoding="utf-8")
    before = os.listdir(os.fsencode(cls))

    done = kit(tmp_path, "grade-batch", str(cls), "--out", str(out), "--questions", "q3", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "holds --out, so it is not graded" in done.stdout
    rows = {row["submission"]: row for row in read_rows(out / "gradebook.csv")}
    expected = {*honest, "caf\ufffd", "carol.zip", "'=HYPERLINK(1).zip", "stubs", "linked", *broken}
    assert set(rows) == expected, set(rows) ^ expected
    assert len({row["folder"] for row in rows.values()}) == len(rows)
    for row in rows.values():
        results = json.loads((out / row["folder"] / "results.json").read_text(encoding="utf-8"))
        assert results["score"] == float(row["total"]), row
    for name in [*honest, "caf\ufffd", "carol.zip", "'=HYPERLINK(1).zip"]:
        assert float(rows[name]["total"]) == FULL, rows[name]
    assert float(rows["stubs"]["total"]) == 0 and rows["stubs"]["note"] == ""
    for name, (reason, _) in broken.items():
        assert float(rows[name]["total"]) == 0 and reason in rows[name]["note"], rows[name]
    assert float(rows["linked"]["total"]) == 0 and "symbolic link" in rows["linked"]["note"]
    assert (rows["carol"]["folder"], rows["carol.zip"]["folder"]) == ("carol", "carol-2")
    assert (rows["d_e"]["folder"], rows["d e"]["folder"]) == ("d_e", "d_e-2")
    for table in ("gradebook.csv", "item_analysis.csv"):
        with open(out / table, encoding="utf-8", newline="") as stream:
            cells = [value for line in csv.reader(stream) for value in line]
        assert not [value for value in cells if value.startswith(FORMULA)], table
    # Nothing outside --out: the class folder as before (plus out/), no work folder left behind.
    assert sorted(os.listdir(os.fsencode(cls))) == sorted([*before, b"out"])
    assert list((tmp_path / "tmp").iterdir()) == []
    assert sorted(os.listdir(out)) == sorted([*(row["folder"] for row in rows.values()),
                                              "gradebook.csv", "item_analysis.csv", "report.html"])


def test_a_notebook_a_zip_and_a_folder_of_the_same_answers_get_the_same_grade(tmp_path, reference_notebook):
    """One intake: the reference's code and concept answers in a notebook (cells moved, split, other
    cells between), a zip and a folder earn the same full points, in one class folder."""
    cls = tmp_path / "class"
    files = {f"{key}/{name}": (REFERENCE / key / name).read_bytes()
             for key in ("q3", "q5") for name in ("solution.py", "answers.toml") if (REFERENCE / key / name).is_file()}
    for name, data in files.items():
        (cls / "folder" / name).parent.mkdir(parents=True, exist_ok=True)
        (cls / "folder" / name).write_bytes(data)
    make_zip(cls / "zipped.zip", {f"repo/exercises/{name}": data for name, data in files.items()})
    reference_notebook(["q3", "q5"], cls / "notebook.ipynb")
    done = kit(tmp_path, "grade-batch", str(cls), "--out", str(tmp_path / "out"), "--questions", "q3,q5")
    assert done.returncode == 0, done.stderr
    rows = {row["submission"]: row for row in read_rows(tmp_path / "out" / "gradebook.csv")}
    full = sum(q.points for q in QUESTIONS)
    assert {name: float(row["total"]) for name, row in rows.items()} == {
        "folder": full, "zipped.zip": full, "notebook.ipynb": full}, rows
    graded = json.loads((tmp_path / "out" / "notebook" / "results.json").read_text(encoding="utf-8"))
    assert "`# kit: q5` cells of the notebook `notebook.ipynb`" in graded["extra_data"]["graded_files"]["q5"]


ATTACK = b"""
import glob
import os
import tempfile

# At import: overwrite every other submission's files a grading run left within reach.
_mine = __file__.split(os.sep + "grade" + os.sep)[0]
for _path in glob.glob(os.path.join(tempfile.gettempdir(), "kit-sub-*", "**", "*"), recursive=True):
    if not _path.startswith(_mine) and os.path.isfile(_path):
        with open(_path, "w") as _f:
            _f.write("def encode(*a, **k):\\n    return None\\n")
"""


def test_one_submission_cannot_reach_another_and_resume_keeps_unchanged_results(tmp_path):
    cls = tmp_path / "class"
    honest_folder(cls / "aaa-attacker", Q3 + ATTACK)
    for name in ("bbb", "ccc"):
        honest_folder(cls / name)
    out = tmp_path / "out"
    done = kit(tmp_path, "grade-batch", str(cls), "--out", str(out), "--questions", "q3", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    first = (out / "gradebook.csv").read_text(encoding="utf-8")
    rows = {row["submission"]: float(row["total"]) for row in read_rows(out / "gradebook.csv")}
    assert rows["bbb"] == rows["ccc"] == FULL, first
    assert json.loads((out / "bbb" / "results.json").read_text(encoding="utf-8"))["extra_data"]["batch"][
        "input_sha256"]

    kept = (out / "bbb" / "results.json").stat().st_mtime_ns
    with open(cls / "ccc" / "q3" / "solution.py", "ab") as stream:
        stream.write(b"\n# changed after the first run\n")
    done = kit(tmp_path, "grade-batch", str(cls), "--out", str(out), "--questions", "q3", "--jobs", "1", "--resume")
    assert done.returncode == 0, done.stderr
    assert "1 graded" in done.stdout and "2 kept from the earlier run" in done.stdout, done.stdout
    assert (out / "bbb" / "results.json").stat().st_mtime_ns == kept
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == first


def test_instructor_input_is_refused_before_grading(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    cls = tmp_path / "class"
    cls.mkdir()
    checks = [
        (("grade", "--questions", "q3", "--results", str(tmp_path)), "--results"),
        (("grade", "--questions", "q3", "--results", str(a_file / "r.json")), "which is a file"),
        (("grade-batch", str(cls), "--out", str(a_file)), "--out"),
        (("grade-batch", str(cls), "--out", str(tmp_path / "o"), "--questions", "q3,q99"), "q99"),
        (("grade-batch", str(cls), "--out", str(cls)), "SUBMISSIONS itself"),
        (("grade-batch", str(cls), "--out", str(tmp_path / "o"), "--jobs", "0"), "must be above 0"),
        (("grade", "--memory-mb", "-1"), "must be above 0"),
    ]
    for args, message in checks:
        done = kit(tmp_path, *args, timeout=60)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
    assert not (tmp_path / "o").exists() and a_file.read_text(encoding="utf-8") == "x"


def test_grade_takes_a_zip_and_blames_a_too_small_memory_limit_on_the_instructor(tmp_path):
    archive = make_zip(tmp_path / "sub.zip", {"me/exercises/q3/solution.py": Q3, "me/q5/solution.py": Q3})
    done = kit(tmp_path, "grade", "--impl", str(archive), "--questions", "q3", "--results", "zip.json")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "zip.json").read_text(encoding="utf-8"))["score"] == FULL
    assert list((tmp_path / "tmp").iterdir()) == [], "the unpacked zip was left behind"
    done = kit(tmp_path, "grade", "--impl", "reference", "--questions", "q3", "--memory-mb", "600",
               "--results", "small.json")
    assert done.returncode == 0 and "limit is too small" in done.stderr, done.stderr
    q3 = json.loads((tmp_path / "small.json").read_text(encoding="utf-8"))["extra_data"]["questions"]["q3"]
    assert q3["status"] == "crashed" and "--memory-mb 600" in q3["message"] and "sys.exit" not in q3["message"]

