"""The catalogue of learner-facing messages: Korean by default, English with `KIT_LANG=en`.

Every message a learner reads (check failures, test messages, "not started", summaries, the
CLI) is rendered by `msg(key, **fields)` from one table. Two kinds of key:

- the kit's own messages have ids ("check.shape", "plugin.not_started") and give both
  languages: `{"ko": ..., "en": ...}`;
- a test's message fragment is its own English text (as gettext's msgid), so test files read
  as plain English: `check_equal(len(ds), n, "q9.NSMCDataset", "length")`; the entry gives
  the Korean (`{"ko": ...}`) and English is the key itself. A fragment with values is written
  `t("returned pair {i} as", i=i)` and rendered when the check fails.

Hidden tests' fragments live in `tests/messages.py` (same format, `HIDDEN`), which the
student bundle does not ship: listing them here would tell learners what the hidden tests
check. `tests/harness/test_messages.py` proves every fragment used by a test has its Korean.

A Korean message writes a particle after a field in its paired form (`{path}이(가)`, `{n}을(를)`,
`` `{command}`(으)로 ``): `msg` picks the form the value's final sound takes (`solution.py가`, `10을`,
see kit.text.particle), keeping the pair only where the sound cannot be told.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import string
from typing import Any

from kit.paths import HIDDEN_TESTS
from kit.text import PARTICLES, particle

ENGLISH, KOREAN = "en", "ko"


def language() -> str:
    """"en" when KIT_LANG starts with en (en, en_US...), else "ko" (the lesson's language)."""
    return ENGLISH if os.environ.get("KIT_LANG", "").strip().lower().startswith("en") else KOREAN


class Text:
    """A catalogue message with its fields, rendered (in the language of the moment) by str()."""

    def __init__(self, key: str, /, **fields: Any):
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        return msg(self.key, **self.fields)

    def __repr__(self) -> str:
        return f"t({self.key!r}, **{self.fields!r})"


def t(key: str, /, **fields: Any) -> Text:
    """A test's message fragment with values: `t("returned pair {i} as", i=i)`."""
    return Text(key, **fields)


def msg(key: str | Text, /, **fields: Any) -> str:
    """The message `key` in the current language, its `{fields}` filled in.

    A Text renders its own fields; a key the catalogue lacks is shown as it is (English), so a
    missing translation never hides a failure (the harness test catches it instead).
    """
    if isinstance(key, Text):
        return msg(key.key, **key.fields, **fields)
    entry = entry_of(key)
    korean = language() == KOREAN and KOREAN in entry
    template = entry[KOREAN] if korean else entry.get(ENGLISH) or key
    try:
        return with_particles(template, fields) if korean else template.format(**fields)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the failure
        return key.format(**fields) if ENGLISH not in entry else entry[ENGLISH].format(**fields)


_PAIRED = re.compile(r"([`'\"]*)(" + "|".join(re.escape(form) for form in PARTICLES) + ")")


def with_particles(template: str, fields: dict[str, Any]) -> str:
    """A Korean template filled in, each paired particle written right after a field (`{path}이(가)`,
    `` `{name}`을(를) ``) made the one the field's value takes (`solution.py가`, `10을`); a value whose
    final sound cannot be told keeps the paired form."""
    formatter = string.Formatter()
    parts: list[str] = []
    value: str | None = None  # the field just filled in, when the text so far ends with it
    for literal, name, spec, conversion in formatter.parse(template):
        if value is not None and (paired := _PAIRED.match(literal)):
            literal = paired.group(1) + particle(value, paired.group(2)) + literal[paired.end():]
        parts.append(literal)
        value = None
        if name is not None:
            field = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            value = formatter.vformat(field, (), fields)
            parts.append(value)
    return "".join(parts)


def entry_of(key: str) -> dict[str, str]:
    """The catalogue entry of `key`: the kit's table, then the hidden tests' (when present)."""
    if key in CATALOGUE:
        return CATALOGUE[key]
    return _hidden().get(key, {})


@functools.cache
def _hidden() -> dict[str, dict[str, str]]:
    """The hidden tests' fragments (tests/messages.py), absent in the student bundle."""
    path = HIDDEN_TESTS / "messages.py"
    if not path.is_file():
        return {}
    spec = importlib.util.spec_from_file_location("kit_hidden_messages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.HIDDEN


def render(value: Any) -> str:
    """A message part that may be a catalogue Text, a key, or already plain text."""
    return msg(value) if isinstance(value, Text | str) else str(value)


CATALOGUE: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ kit/learn/checks.py
    "check.failure": {"ko": "{where}: {message}", "en": "{where} {message}"},
    "check.type": {
        "ko": "{what}의 타입이 {actual}입니다. 기대한 타입: {expected}",
        "en": "{what} a {actual}; expected a {expected}",
    },
    "check.type.or": {"ko": " 또는 ", "en": " or "},
    "check.subclass": {
        "ko": "{what}의 타입이 {actual}(torch.Tensor의 하위 클래스)입니다. 평범한 torch.Tensor를 반환하세요",
        "en": "{what} a {actual} (a torch.Tensor subclass); return a plain torch.Tensor",
    },
    "check.keys": {
        "ko": "반환한 dict에 키 {missing}이(가) 없습니다. 있는 키: {present}",
        "en": "returned a dict without {missing}; it has {present}",
    },
    "check.shape": {
        "ko": "{what}의 shape이 {actual}입니다. 기대한 shape: ({named})",
        "en": "{what} shape {actual}; expected ({named})",
    },
    "check.dtype": {
        "ko": "{what}의 dtype이 {actual}입니다. 기대한 dtype: {expected}",
        "en": "{what} dtype {actual}; expected {expected}",
    },
    "check.equal": {"ko": "{what} = {actual}; 기대값 {expected}", "en": "{what} {actual}; expected {expected}"},
    "check.tensor_equal": {
        "ko": "{what} — 인덱스 {index}에서 다릅니다: 받은 값 {got}, 기대값 {expected}",
        "en": "{what} differs at index {index}: got {got}, expected {expected}",
    },
    "check.close": {
        "ko": "{what} — 최대 {diff}만큼 다릅니다 ({index}에서 받은 값 {got}, 기대값 {expected}; "
              "허용 오차 atol={atol}, rtol={rtol})",
        "en": "{what} is off by up to {diff} (at {index}: got {got}, expected {expected}; "
              "allowed atol={atol}, rtol={rtol})",
    },
    "check.not_finite": {
        "ko": "{what}에 NaN 또는 inf가 있습니다 ({index}에서 {got})",
        "en": "{what} holds NaN or inf (at {index}: {got})",
    },
    # ------------------------------------------------------------ kit/learn/pytest_plugin.py
    "plugin.not_started": {
        "ko": "아직 시작하지 않음: {stub}이(가) 아직 NotImplementedError를 일으킵니다. {path}에 작성하세요 {hint}",
        "en": "not started: {stub} still raises NotImplementedError. Write it in {path} {hint}",
    },
    "plugin.not_started.short": {
        "ko": "아직 시작하지 않음: {stub}이(가) 아직 NotImplementedError를 일으킵니다",
        "en": "not started: {stub} still raises NotImplementedError",
    },
    "plugin.hint": {"ko": "(`{command}`(으)로 힌트를 볼 수 있습니다)", "en": "(`{command}` gives a hint)"},
    "plugin.hypothesis": {
        "ko": "{kind} (생성된 입력으로 하는 속성 테스트가 판정하지 못했습니다; 같은 입력에 매번 같은 답을 "
              "돌려주는지 확인하세요)",
        "en": "{kind} (the property test on generated inputs could not reach a verdict; check that the "
              "function gives the same answer every time for the same input)",
    },
    "plugin.assertion": {
        "ko": "AssertionError (이 테스트의 검사 하나가 실패했습니다)",
        "en": "AssertionError (a check of this test failed)",
    },
    "plugin.status.not_started": {"ko": "시작 전", "en": "NOT STARTED"},
    "plugin.section.not_started": {"ko": "아직 시작하지 않은 함수", "en": "not started"},
    "plugin.still_a_stub": {
        "ko": "{function}: 아직 stub입니다 (테스트 {count}개가 기다립니다)",
        "en": "{function}: still a stub ({count} test{s} waiting)",
    },
    "plugin.read_readme": {
        "ko": "문제는 {readme}에 있습니다. `kit hint {question}`(으)로 힌트를 볼 수 있습니다.",
        "en": "Read {readme} for the question; `kit hint {question}` gives a hint.",
    },
    "plugin.encode_plus": {
        "ko": "`tokenizer.{name}`은(는) transformers 5에서 없어졌습니다(예전 튜토리얼의 API입니다). tokenizer를 직접 "
              "부르세요: `tokenizer(text, padding=\"max_length\", truncation=True, max_length=20, "
              "return_tensors=\"pt\")`. 여러 문장은 리스트로 넘기고, `pad_to_max_length=True` 대신 "
              "`padding=\"max_length\"`를 씁니다.",
        "en": "`tokenizer.{name}` is gone in transformers 5 (older tutorials use it). Call the tokenizer itself: "
              "`tokenizer(text, padding=\"max_length\", truncation=True, max_length=20, return_tensors=\"pt\")`; "
              "pass a list for several texts, and `padding=\"max_length\"` instead of `pad_to_max_length=True`.",
    },
    "plugin.model_not_cached": {
        "ko": "--model {model}: 이 모델이 이 컴퓨터의 Hugging Face 캐시({cache})에 없습니다. 테스트는 오프라인으로 "
              "실행되어(HF_HUB_OFFLINE=1) 모델을 내려받지 않습니다. 네트워크가 되는 곳에서 한 번 "
              "`hf download {model}`(으)로 받아 두거나, 모델 폴더의 경로를 --model에 주세요.",
        "en": "--model {model}: this model is not in this machine's Hugging Face cache ({cache}). The tests run "
              "offline (HF_HUB_OFFLINE=1) and never download it. Get it once where the network is reachable with "
              "`hf download {model}`, or pass the path of a model folder to --model.",
    },
    "plugin.model_folder": {
        "ko": "--model {model}: 이 폴더에 config.json이 없습니다. save_pretrained로 저장한 모델 폴더를 주세요.",
        "en": "--model {model}: this folder has no config.json; pass a folder written by save_pretrained.",
    },
    "plugin.model_no_folder": {
        "ko": "--model {model}: 그런 폴더가 없습니다. 모델 폴더의 경로나 캐시에 있는 Hugging Face 모델 이름을 주세요.",
        "en": "--model {model}: no such folder; pass a model folder or the name of a model in the Hugging Face cache.",
    },
    # ------------------------------------------------------------ exercises/qN/test_concepts.py (no key in this copy)
    "concepts.graded_on_submission": {
        "ko": "{question}.concepts {item}: 답의 형식은 맞습니다. 정답 여부(틀리면 해설)는 제출한 뒤 채점 결과에서 "
              "알려 줍니다 (학습자용 키트에는 정답이 들어 있지 않습니다)",
        "en": "{question}.concepts {item}: the answer is in a valid form; whether it is right (and, if not, the "
              "explanation) comes with the graded results after you submit (a learner's copy of the kit holds "
              "no answer key)",
    },
    # ------------------------------------------------------------ kit/grading/grader.py (a question's message in results)
    "grader.points": {"ko": "점수", "en": "points"},
    "grader.status": {"ko": "상태", "en": "status"},
    "grader.total": {"ko": "합계", "en": "total"},
    "grader.public_only": {
        "ko": "참고: 이 키트에는 숨은 테스트가 없습니다(학생용 번들). 공개 테스트만 채점했으므로 최종 점수와 다를 수 "
              "있습니다",
        "en": "note: this copy of the kit has no hidden tests (a student bundle): public tests only, so the final "
              "grade may differ",
    },
    "grader.no_solution": {"ko": "제출물에 {path}이(가) 없습니다", "en": "no {path} in the submission"},
    "grader.wrote_kit_files": {
        "ko": "키트의 파일에 썼습니다({files}; 되돌림). 이 문제는 0점입니다",
        "en": "wrote into the kit's files ({files}; undone); this question scores 0",
    },
    "grader.question_timeout": {
        "ko": "문제 전체의 제한 시간 {limit:g}초를 넘었습니다",
        "en": "ran past the {limit:g} s limit for the whole question",
    },
    "grader.killed": {"ko": "테스트 프로세스가 {signal}(으)로 종료되었습니다", "en": "the test process was killed by {signal}"},
    "grader.killed_oom": {"ko": " (메모리 부족?)", "en": " (out of memory?)"},
    "grader.pytest_error": {
        "ko": "테스트를 실행할 수 없었습니다(pytest exit {code}). 키트의 문제이니 담당자에게 알려 주세요",
        "en": "the tests could not run (pytest exit {code}); this is the kit's problem, tell staff",
    },
    "grader.exited": {
        "ko": "테스트가 끝나기 전에 테스트 프로세스가 종료되었습니다(code {code}). 답안이 sys.exit, os._exit 또는 "
              "exit()를 부르나요?",
        "en": "the test process exited (code {code}) before the tests finished; does the solution call sys.exit, "
              "os._exit or exit()?",
    },
    "grader.no_test_ran": {"ko": "이 문제의 테스트가 하나도 실행되지 않았습니다", "en": "no test of this question ran"},
    "grader.out_of_memory": {
        "ko": "메모리가 부족했습니다(한도 {limit} MB)",
        "en": "ran out of memory (limit {limit} MB)",
    },
    "grader.test_timeout": {
        "ko": "테스트 하나가 테스트당 제한 시간 {limit:g}초를 넘었습니다",
        "en": "a test ran past the {limit:g} s limit per test",
    },
    "grader.still_stubs": {"ko": "아직 stub인 함수: {functions}", "en": "still stubs: {functions}"},
    "grader.failed_count": {"ko": "테스트 {total}개 중 {failed}개 실패", "en": "{failed} of {total} tests failed"},
    "grader.policy": {
        "ko": "{problems}; 답안은 답을 계산하는 일만 할 수 있습니다. 테스트 프레임워크, 프로세스, 스레드, frame, 네트워크, "
              "인터프리터 내부는 쓸 수 없고 키트의 답이나 테스트도 import할 수 없으므로 이 문제는 0점입니다",
        "en": "{problems}; {policy} (nor import the kit's answers or tests), so this question scores 0",
    },
    "grader.passed_but": {"ko": "통과했지만 {message}", "en": "passed, but {message}"},
    "grader.skipped": {
        "ko": "건너뜀: 채점 테스트는 건너뛸 수 없으므로 실패로 셉니다",
        "en": "skipped: a graded test may not be skipped, so it counts as failed",
    },
    "grader.judge_killed": {
        "ko": "채점 프로세스가 {signal}(으)로 종료되었습니다. 키트의 문제이니 담당자에게 알려 주세요",
        "en": "the grading process was killed by {signal}; this is the kit's problem, tell staff",
    },
    "grader.judge_out_of_memory": {
        "ko": "채점 프로세스가 메모리 한도({limit} MB)를 넘어 종료되었습니다. 학습자 코드가 돌려준 값이 너무 컸을 수 있습니다",
        "en": "the grading process ran out of memory (limit {limit} MB); what the learner's code returned may be too large",
    },
    "grader.unreadable_results": {
        "ko": "결과를 읽을 수 없었습니다({error}). 담당자에게 알려 주세요",
        "en": "its results could not be read ({error}); tell staff",
    },
    "grader.memory_too_small": {
        "ko": "--memory-mb {limit}은(는) torch, transformers와 테스트에 필요한 {floor} MB보다 작습니다. 답안이 아니라 "
              "채점 설정의 한도가 너무 작으니 더 큰 --memory-mb로 다시 채점하세요",
        "en": "--memory-mb {limit} is below the {floor} MB that torch, transformers and the tests need: the grader's "
              "limit is too small (not the solution's fault); grade again with a larger --memory-mb",
    },
    "grader.out_of_time_cut": {
        "ko": "채점 전체의 시간 예산이 다 되어 멈췄습니다",
        "en": "stopped when the grading run's time budget ran out",
    },
    "grader.out_of_time_not_started": {
        "ko": "채점하지 않음: 이 문제 차례가 오기 전에 채점 전체의 시간 예산이 다 되었습니다",
        "en": "not graded: the grading run's time budget was spent before this question's turn",
    },
    "grader.symlink": {
        "ko": "{path}은(는) symbolic link라서 채점하지 않습니다. 파일 자체를 올려 주세요",
        "en": "{path} is a symbolic link, which grading does not follow; upload the file itself",
    },
    "grader.not_regular": {"ko": "{path}은(는) 일반 파일이 아닙니다", "en": "{path} is not a regular file"},
    "grader.too_large": {"ko": "{path}이(가) {limit} MB보다 큽니다", "en": "{path} is larger than {limit} MB"},
    "grader.advice": {
        "ko": "advice (점수와 무관합니다. 답에는 필요 없는 코드입니다):",
        "en": "advice (no points are taken for these; a solution never needs them):",
    },
    # ------------------------------------------------------------ kit/impl.py (--impl and loading a solution)
    "impl.no_reference": {
        "ko": "--impl reference: 이 키트에는 reference solution이 없습니다(학생용 bundle)",
        "en": "--impl reference: this copy of the kit has no reference solutions (a student bundle)",
    },
    "impl.no_folder": {
        "ko": "--impl {value}: 그런 폴더가 없습니다(exercises, reference 또는 폴더 경로를 주세요)",
        "en": "--impl {value}: no such folder (expected exercises, reference or a path)",
    },
    "impl.not_found": {"ko": "{question}: {path}이(가) 없습니다", "en": "{question}: {path} not found"},
    "impl.import_failed": {
        "ko": "{question}: {path}을(를) import하지 못했습니다: {error}",
        "en": "{question}: importing {path} failed: {error}",
    },
    # ------------------------------------------------------------ kit/learn/policy.py (advice on a solution's source)
    "policy.line": {"ko": "{line}번째 줄: {what}", "en": "line {line}: {what}"},
    "policy.imports": {"ko": "`{name}`을(를) import합니다({why})", "en": "imports `{name}` ({why})"},
    "policy.imports_from": {"ko": "`{name}`에서 import합니다({why})", "en": "imports from `{name}` ({why})"},
    "policy.kit_import": {
        "ko": "`{name}`을(를) import합니다(`from kit.assets import ...`나 `from kit.paths import ...`를 쓰세요)",
        "en": "imports `{name}` (use `from kit.assets import ...` or `from kit.paths import ...`)",
    },
    "policy.kit_from": {
        "ko": "`{name}`에서 import합니다(solution에는 kit.assets와 kit.paths만 씁니다)",
        "en": "imports from `{name}` (only kit.assets and kit.paths are for solutions)",
    },
    "policy.calls": {"ko": "`{name}()`을(를) 호출합니다", "en": "calls `{name}()`"},
    "policy.uses": {"ko": "`{name}`을(를) 씁니다({why})", "en": "uses `{name}` ({why})"},
    "policy.unreadable": {
        "ko": "소스를 decode할 수 없어 static check가 이 파일을 읽지 못했습니다({error})",
        "en": "cannot decode the source ({error}): the static check could not read this file",
    },
    "policy.why.reference": {"ko": "정답 reference solution", "en": "the reference solutions"},
    "policy.why.kit_tests": {"ko": "키트의 테스트", "en": "the kit's tests"},
    "policy.why.test_framework": {"ko": "test framework", "en": "the test framework"},
    "policy.why.processes": {"ko": "다른 process", "en": "other processes"},
    "policy.why.threads": {"ko": "thread", "en": "threads"},
    "policy.why.signals": {"ko": "signal", "en": "signals"},
    "policy.why.raw_memory": {"ko": "raw memory", "en": "raw memory"},
    "policy.why.frames": {"ko": "frame", "en": "frames"},
    "policy.why.dynamic_imports": {"ko": "dynamic import", "en": "dynamic imports"},
    "policy.why.interpreter": {"ko": "interpreter", "en": "the interpreter"},
    "policy.why.internals": {"ko": "interpreter 내부", "en": "interpreter internals"},
    "policy.why.network": {"ko": "network", "en": "the network"},
    "grader.no_sandbox": {
        "ko": "참고: OS sandbox 없이 채점했습니다(--no-sandbox). 학습자 코드가 격리되지 않은 채 실행되었습니다",
        "en": "note: graded without a sandbox (--no-sandbox): the learner's code ran unconfined",
    },
    # ------------------------------------------------------------ kit/isolation/remote.py (the learner's worker process)
    "worker.ended": {
        "ko": "{what}: 학습자 코드의 프로세스가 끝났습니다({ending})",
        "en": "{what}: the learner's process ended ({ending})",
    },
    # kit/isolation/budget.py: how a worker died, told by its sandbox's cgroup (out of memory only when the OOM killer fired)
    "worker.out_of_memory": {
        "ko": "메모리가 부족해 종료되었습니다(sandbox 전체 한도 {limit} MB)",
        "en": "it ran out of memory (limit {limit} MB for its whole sandbox)",
    },
    "worker.killed": {"ko": "{signal}(으)로 종료되었습니다", "en": "it was killed by {signal}"},
    "worker.exited": {"ko": "exit code {code}(으)로 끝났습니다", "en": "it exited with code {code}"},
    "worker.ended_importing": {
        "ko": "{question}/solution.py를 import하는 동안 학습자 코드의 프로세스가 끝났습니다({ending})",
        "en": "the learner's process ended while importing {question}/solution.py ({ending})",
    },
    "worker.import_timeout": {
        "ko": "{question}/solution.py의 import가 {limit:g}초를 넘었습니다(import 중 무한 루프?). 프로세스를 멈췄습니다",
        "en": "importing {question}/solution.py ran past {limit:g} s (a loop at import time?); the learner's "
              "process was stopped",
    },
    "worker.call_timeout": {
        "ko": "{what}이(가) {limit:g}초를 넘었습니다. 학습자 코드의 프로세스를 멈췄습니다",
        "en": "{what} ran past {limit:g} s; the learner's process was stopped",
    },
    "worker.garbage": {
        "ko": "{what}: 학습자 코드의 프로세스가 키트가 받을 수 없는 것을 보냈습니다({error})",
        "en": "{what}: the learner's process sent what the kit cannot accept ({error})",
    },
    "worker.too_large": {
        "ko": "{what}: 학습자 코드가 돌려준 값이 너무 큽니다({error}). 테스트가 주고받는 값은 이보다 훨씬 작으니, "
              "함수가 돌려주는 것을 확인하세요",
        "en": "{what}: the learner's code returned something too large ({error}); what the tests exchange is far "
              "smaller, so check what the function returns",
    },
    "oracle.touched": {
        "ko": "{function}이(가) 받은 객체를 제자리에서(in place) 바꿔서, 테스트가 {reference}의 기대값을 계산할 수 "
              "없습니다. 문제가 바꾸라고 하지 않은 입력(모델의 가중치, requires_grad, 옵티마이저)은 그대로 두세요",
        "en": "{function} changed an object it was given in place, so the test cannot compute {reference}'s "
              "expected value; leave inputs the question does not ask you to change (a model's weights, "
              "requires_grad, an optimizer) as they are",
    },
    "worker.where": {"ko": "학습자 코드의 프로세스에서:", "en": "In the learner's process:"},
    "worker.gone": {
        "ko": "이 객체는 이미 끝난 학습자 코드의 프로세스에 있었습니다. 더 이상 쓸 수 없습니다",
        "en": "this object lived in a learner process that has ended; it is gone",
    },
    "worker.importing_failed": {
        "ko": "{question}: {question}/solution.py import 실패: {error}",
        "en": "{question}: importing {question}/solution.py failed: {error}",
    },
    # ------------------------------------------------------------ kit/cli.py, kit/learn/watch.py
    "cli.status.question": {"ko": "문제", "en": "question"},
    "cli.status.public_tests": {"ko": "공개 테스트", "en": "public tests"},
    "cli.status.no_tests": {"ko": "테스트 없음", "en": "no tests"},
    "cli.status.done": {"ko": "완료", "en": "done"},
    "cli.status.not_started": {"ko": "시작 전", "en": "not started"},
    "cli.status.in_progress": {"ko": "진행 중 {passed}/{total}", "en": "in progress {passed}/{total}"},
    "cli.unknown_question": {
        "ko": "없는 문제입니다: {question!r}. 다음 중에서 고르세요: {known}",
        "en": "unknown question {question!r}; choose one of {known}",
    },
    "cli.hint.no_function": {
        "ko": "{question}에는 함수 {function!r}이(가) 없습니다. 있는 함수: {known}",
        "en": "{question} has no function {function!r}; it has {known}",
    },
    "cli.hint.levels": {"ko": "{key}의 힌트 단계는 1부터 {count}까지입니다", "en": "{key} has hint levels 1 to {count}"},
    "cli.hint.title": {"ko": "{key} — 힌트 {level}/{count}", "en": "{key} — hint {level}/{count}"},
    "cli.hint.more": {"ko": "(다음 힌트: {command})", "en": "(more: {command})"},
    "watch.watching": {
        "ko": "{folders}의 변경을 지켜보는 중입니다 (멈추려면 Ctrl-C)",
        "en": "watching {folders} for changes (Ctrl-C to stop)",
    },
    "watch.changed": {"ko": "{files}이(가) 바뀌었습니다: 다시 실행합니다", "en": "{files} changed: rerunning"},
    "watch.stopped": {"ko": "지켜보기를 멈췄습니다", "en": "stopped watching"},
    # ------------------------------------------------------------ kit/learn/pytest_plugin.py (options, concept items)
    "plugin.device.name": {
        "ko": "--device {value!r}: 장치 이름이 아닙니다 (cpu, cuda, cuda:1, mps ...)",
        "en": "--device {value!r}: not a device name (cpu, cuda, cuda:1, mps ...)",
    },
    "plugin.device.no_cuda": {
        "ko": "--device {value!r}: 이 컴퓨터에는 torch가 쓸 수 있는 CUDA GPU가 없습니다",
        "en": "--device {value!r}: this machine has no CUDA GPU that torch can use",
    },
    "plugin.device.count": {
        "ko": "--device {value!r}: 이 컴퓨터의 CUDA 장치는 {count}개뿐입니다",
        "en": "--device {value!r}: only {count} CUDA device(s) here",
    },
    "plugin.device.no_mps": {
        "ko": "--device {value!r}: 이 컴퓨터에서는 MPS를 쓸 수 없습니다",
        "en": "--device {value!r}: MPS is not available on this machine",
    },
    "plugin.device.type": {
        "ko": "--device {value!r}: 키트는 모델을 cpu, cuda, mps에서만 실행합니다",
        "en": "--device {value!r}: the kit runs its models on cpu, cuda or mps only",
    },
    "plugin.no_sandbox": {
        "ko": "--isolate를 sandbox 없이 실행합니다({reason}): worker는 평범한 자식 프로세스입니다",
        "en": "--isolate without a sandbox ({reason}): the worker is a plain child process",
    },
    "plugin.concepts_not_started": {
        "ko": "아직 시작하지 않음: {question}.concepts — {concepts}의 문항을 읽고 {answers}에 답을 쓰세요 "
              "(`kit hint {question} concepts`가 힌트를 줍니다).",
        "en": "not started: {question}.concepts — read the items in {concepts} and write your answers in {answers} "
              "(`kit hint {question} concepts` gives a hint).",
    },
    "plugin.concepts_not_started.short": {
        "ko": "아직 시작하지 않음: {stub} — answers.toml에 이 문항의 답이 비어 있습니다",
        "en": "not started: {stub} — this item's answer in answers.toml is empty",
    },
    # ------------------------------------------------------------ kit/learn/concepts.py (answers.toml)
    "concepts.format.choice": {"ko": '보기 글자 하나, 예: "B"', "en": 'one choice letter, e.g. "B"'},
    "concepts.format.ox": {
        "ko": 'O/X와 이유의 보기 글자, 예: ["O", "A"]',
        "en": 'O/X and the letter of the reason, e.g. ["O", "A"]',
    },
    "concepts.format.order": {
        "ko": '모든 보기 글자를 한 번씩 순서대로, 예: ["C", "A", "B"]',
        "en": 'every choice letter once, in order, e.g. ["C", "A", "B"]',
    },
    "concepts.format.number": {"ko": "숫자 하나, 예: 12", "en": "one number, e.g. 12"},
    "concepts.too_large": {"ko": "{limit} bytes를 넘습니다", "en": "larger than {limit} bytes"},
    "concepts.unreadable": {
        "ko": "{question}: {path}을(를) TOML로 읽을 수 없습니다: {error}. 문자열은 따옴표로 감싸세요 (c1 = \"B\").",
        "en": "{question}: cannot read {path} as TOML: {error}. Put text in quotes (c1 = \"B\").",
    },
    "concepts.malformed": {
        "ko": "{item}: 답 {answer!r}의 형식이 맞지 않습니다; {format}",
        "en": "{item}: the answer {answer!r} is not in the expected form; {format}",
    },
    "concepts.verdict": {
        "ko": "{item}: 판단 {verdict!r}은(는) O 또는 X여야 합니다",
        "en": "{item}: the verdict {verdict!r} must be O or X",
    },
    "concepts.order": {
        "ko": "{item}: 순서 {answer!r}에는 보기 {choices}이(가) 모두 한 번씩 있어야 합니다",
        "en": "{item}: the order {answer!r} must hold each of the choices {choices} once",
    },
    "concepts.not_a_choice": {
        "ko": "{item}: {text!r}은(는) 보기에 없습니다; {choices} 중에서 고르세요",
        "en": "{item}: {text!r} is not a choice; pick one of {choices}",
    },
    "concepts.wrong": {
        "ko": "{item}: 틀렸습니다. {question}\n해설: {explanation}",
        "en": "{item}: wrong. {question}\nExplanation: {explanation}",
    },
    "concepts.wrong_reason": {
        "ko": "{item}: O/X 판단은 맞지만 이유가 틀렸습니다. {question}\n해설: {explanation}",
        "en": "{item}: the O/X verdict is right but the reason is wrong. {question}\nExplanation: {explanation}",
    },
    # ------------------------------------------------------------ kit/learn/lesson_run.py (`kit run q9`, `kit run q10`)
    "run.strategy.full": {"ko": "전체 파인튜닝 (full)", "en": "full fine-tuning (full)"},
    "run.strategy.frozen": {"ko": "인코더 고정 (frozen)", "en": "frozen encoder (frozen)"},
    "run.column.accuracy": {"ko": "정확도", "en": "accuracy"},
    "run.column.seconds": {"ko": "초", "en": "s"},
    "run.progress": {"ko": "{done}/{total} 배치 {seconds:5.1f}초", "en": "{done}/{total} batches {seconds:5.1f} s"},
    "run.training": {
        "ko": "{strategy}: {reviews}개 리뷰로 {epochs} epoch 학습 (lr = {lr})",
        "en": "{strategy}: training {epochs} epoch(s) on {reviews} reviews (lr = {lr})",
    },
    "run.lr_by_train_model": {"ko": "train_model이 정한 값", "en": "as train_model sets it"},
    "run.lr_outside": {
        "ko": "{lr}: 공개 테스트가 받는 {name} 범위 {low} ~ {high} 밖입니다",
        "en": "{lr}: outside the range {low} to {high} that the public test accepts for {name}",
    },
    "run.target.met": {"ko": "달성", "en": "met"},
    "run.target.missed": {"ko": "미달", "en": "missed"},
    "run.target.last_epoch": {
        "ko": "{strategy}: 마지막 epoch 정확도 {accuracy:.3f} (목표 {target:.2f} 이상)",
        "en": "{strategy}: last epoch's accuracy {accuracy:.3f} (target {target:.2f} or more)",
    },
    "run.target.heldout": {
        "ko": "전체 파인튜닝 모델의 held-out 정확도 {accuracy:.3f} (목표 {target:.2f} 이상)",
        "en": "the fully fine-tuned model's held-out accuracy {accuracy:.3f} (target {target:.2f} or more)",
    },
    "run.targets": {
        "ko": "채점 기준 (숨은 테스트는 2 epoch, 표본 전체로 같은 기준을 확인합니다)",
        "en": "grading targets (the hidden tests check the same targets with 2 epochs on the whole sample)",
    },
    "run.not_as_graded": {
        "ko": "(이번 실행은 epoch 수나 데이터 크기가 채점과 달라 참고용입니다)",
        "en": "(this run's epochs or data size differ from grading's, so it is only a guide)",
    },
    "run.missed": {
        "ko": "미달이면 FULL_LR / FROZEN_LR와 train_epoch(model.train(), zero_grad, scheduler)를 확인하세요 "
              "(`kit hint q9 train_model`).",
        "en": "a missed target: check FULL_LR / FROZEN_LR and train_epoch (model.train(), zero_grad, scheduler) "
              "(`kit hint q9 train_model`).",
    },
    "run.chart": {
        "ko": "그래프: {path} (브라우저로 여세요; 인터넷 없이 열립니다)",
        "en": "chart: {path} (open it in a browser; it works offline)",
    },
    "run.column.review": {"ko": "리뷰", "en": "review"},
    "run.column.stars": {"ko": "별점", "en": "stars"},
    "run.column.sentiment": {"ko": "감성", "en": "sentiment"},
    "run.reviews_shown": {
        "ko": "위 {products}개는 수업의 상품 리뷰 같은 예, 아래 {nsmc}개는 data/nsmc/test.tsv의 영화 리뷰입니다.",
        "en": "the first {products} are examples like the lesson's product reviews, the last {nsmc} are movie "
              "reviews from data/nsmc/test.tsv.",
    },
    "run.epochs": {"ko": "kit run: --epochs는 1 이상이어야 합니다", "en": "kit run: --epochs must be 1 or more"},
    "run.not_started": {
        "ko": "kit run: 아직 시작하지 않음: {stub}이(가) 아직 NotImplementedError를 올립니다. exercises/{question}/solution.py에 "
              "쓰고 `pytest exercises/{question}`(으)로 확인한 뒤 다시 실행하세요 (`kit hint {question} {function}`).",
        "en": "kit run: not started: {stub} still raises NotImplementedError. Write it in "
              "exercises/{question}/solution.py, check it with `pytest exercises/{question}`, then run this again "
              "(`kit hint {question} {function}`).",
    },
    # ------------------------------------------------------------ kit/grading/reports.py (the Gradescope table)
    "grader.title": {"ko": "제목", "en": "title"},
    "grader.note": {"ko": "메모", "en": "note"},
    # ------------------------------------------------------------ kit/grading/intake.py (which uploaded file is graded)
    "intake.how_to_upload": {
        "ko": "exercises 폴더를 통째로 올리거나(zip 또는 GitHub 저장소), 각 답을 qN/solution.py 경로로 올리세요 "
              "(예: q3/solution.py)",
        "en": "Upload the whole exercises folder (a zip or a GitHub repository), or each answer at the path "
              "qN/solution.py (e.g. q3/solution.py)",
    },
    "intake.why.exercises_first": {"ko": "exercises/ 안의 파일이 먼저입니다", "en": "a file in exercises/ comes first"},
    "intake.why.shallowest": {
        "ko": "가장 얕은 경로의 파일이 먼저입니다",
        "en": "the file with the fewest folders above it comes first",
    },
    "intake.why.alphabetical": {
        "ko": "같은 깊이의 파일 중 경로의 알파벳 순서로 첫 파일입니다",
        "en": "of the files at the same depth, it comes first in alphabetical order of the paths",
    },
    "intake.why": {
        "ko": "같은 문제의 파일이 {count}개: {reason}. 채점하지 않은 파일: {skipped}",
        "en": "{count} files for this question: {reason}. Not graded: {skipped}",
    },
    "intake.graded": {"ko": "`{path}` 파일을 채점했습니다{why}.", "en": "graded `{path}`{why}."},
    "intake.unparsable": {
        "ko": "`{path}`: 파이썬으로 읽을 수 없어(문법 오류) 어느 문제의 답인지 알 수 없습니다. {how}.",
        "en": "`{path}`: Python cannot read it (a syntax error), so it is not clear which question it answers. {how}.",
    },
    "intake.no_question": {
        "ko": "`{path}`: 어느 문제의 함수도 정의하지 않아 어느 문제의 답인지 알 수 없습니다. {how}.",
        "en": "`{path}`: it defines no question's functions, so it is not clear which question it answers. {how}.",
    },
    "intake.several_questions": {
        "ko": "`{path}`: {keys}의 함수를 똑같이 정의해 어느 문제의 답인지 알 수 없습니다. {how}.",
        "en": "`{path}`: it defines as many functions of {keys}, so it is not clear which question it answers. {how}.",
    },
    "intake.loose_skipped": {
        "ko": "{key}의 함수를 정의한 {skipped}은(는) {key}/ 폴더의 파일이 있어 채점하지 않았습니다.",
        "en": "{skipped}, which defines {key}'s functions, was not graded: there is a file in a {key}/ folder.",
    },
    "intake.graded_loose": {
        "ko": "`{path}` 파일을 채점했습니다: {key} 폴더 밖에 있지만 {key}의 함수({functions})를 정의합니다{why}.",
        "en": "graded `{path}`: it is outside a {key} folder but defines {key}'s functions ({functions}){why}.",
    },
    "intake.missing": {
        "ko": "올린 파일에 {key}/solution.py가 없습니다. {how}.",
        "en": "the upload has no {key}/solution.py. {how}.",
    },
    "intake.graded_files": {
        "ko": "**채점한 파일** (문제마다 하나: exercises/qN/ 안의 파일이 먼저, 그다음 가장 얕은 경로, 깊이가 같으면 "
              "경로의 알파벳 순서)",
        "en": "**Graded files** (one per question: a file in exercises/qN/ first, then the one with the fewest "
              "folders above it, then alphabetical order of the paths)",
    },
    "intake.refused_files": {"ko": "**채점하지 않은 파일**", "en": "**Files not graded**"},
    "intake.no_such_file": {"ko": "{path}이(가) 없습니다", "en": "{path} does not exist"},
    "intake.no_such_notebook": {
        "ko": "{path}이(가) 없습니다. 수업 노트북은 {lesson}에 있습니다",
        "en": "{path} does not exist; the lesson notebook is {lesson}",
    },
    "intake.not_a_submission": {
        "ko": "{path}은(는) 폴더도 .zip도 .ipynb도 아닙니다. 이 셋만 채점합니다",
        "en": "{path} is neither a folder nor a .zip or .ipynb file; only those are graded",
    },
    "intake.over_file_limit": {
        "ko": "{path}이(가) {size} bytes로, 허용된 {limit} bytes보다 큽니다",
        "en": "{path} is {size} bytes uncompressed, over the {limit} allowed per file",
    },
    "intake.unreadable_folder": {"ko": "폴더를 읽을 수 없습니다 ({reason})", "en": "the folder cannot be read ({reason})"},
    "intake.unreadable_file": {"ko": "{path}을(를) 읽을 수 없습니다 ({reason})", "en": "{path} cannot be read ({reason})"},
    "intake.too_many_entries": {
        "ko": "제출물에 파일과 폴더가 {limit}개보다 많습니다. exercises 폴더만 제출하세요",
        "en": "the submission holds more than {limit} files and folders; submit the exercises folder only",
    },
    "intake.zip_entries": {
        "ko": "zip에 항목이 {count}개로, 허용된 {limit}개보다 많습니다",
        "en": "the zip has {count} entries, more than the {limit} allowed",
    },
    "intake.zip_name_not_utf8": {
        "ko": "zip은 UTF-8이라고 하지만 파일 이름이 올바른 UTF-8이 아닙니다 ({reason})",
        "en": "a member's name is not valid UTF-8 although the zip says it is ({reason})",
    },
    "intake.zip_unreadable": {"ko": "읽을 수 있는 zip 파일이 아닙니다 ({reason})", "en": "not a readable zip file ({reason})"},
    "intake.zip_corrupt": {"ko": "zip의 데이터가 손상되었습니다 ({reason})", "en": "the zip's data is corrupt ({reason})"},
    "intake.zip_cannot_read": {"ko": "zip을 읽을 수 없습니다 ({reason})", "en": "the zip cannot be read ({reason})"},
    "intake.zip_escape": {
        "ko": "{name}은(는) 절대 경로이거나 '..'가 든 경로라 받지 않습니다",
        "en": "member {name} has an absolute or '..' path; refused",
    },
    "intake.zip_twice": {
        "ko": "zip에 {name}이(가) 두 번 들어 있습니다. 폴더를 다시 압축하세요",
        "en": "the zip holds {name} twice; zip the folder again",
    },
    "intake.zip_encrypted": {
        "ko": "{name}이(가) 암호화되어 있습니다(password-protected zip). 암호 없이 압축해 제출하세요",
        "en": "{name} is encrypted (a password-protected zip); submit the zip without a password",
    },
    "intake.zip_method": {
        "ko": "{name}은(는) 지원하지 않는 compression method {method}을(를) 씁니다(지원: {supported}). 다시 압축하세요",
        "en": "{name} uses compression method {method}, which is not supported ({supported} are); zip it again",
    },
    "intake.zip_bomb": {
        "ko": "{name}의 압축률이 {ratio}:1로, 허용된 {limit}:1을 넘습니다 (a zip bomb?)",
        "en": "{name} compresses {ratio}:1, over the {limit}:1 allowed (a zip bomb?)",
    },
    "intake.zip_total": {
        "ko": "채점에 읽는 파일이 모두 {total} bytes로, 허용된 {limit} bytes보다 큽니다 (add up to)",
        "en": "the files grading reads add up to {total} bytes, over the {limit} allowed",
    },
    "intake.zip_lying_header": {
        "ko": "{name}에 header가 밝힌 것보다 많은 데이터가 있어 받지 않습니다",
        "en": "{name} holds more data than its header declares; refused",
    },
    "intake.zip_member_corrupt": {
        "ko": "{name}의 데이터가 손상되었습니다 ({reason}). 다시 압축하세요",
        "en": "the data of {name} is corrupt ({reason}); zip it again",
    },
    "batch.refused": {"ko": "제출물을 받지 않았습니다: {reason}", "en": "submission refused: {reason}"},
    "batch.not_staged": {
        "ko": "제출물을 채점 준비하지 못했습니다: {reason}",
        "en": "submission could not be staged: {reason}",
    },
    "batch.staged_changed": {
        "ko": "채점하는 동안 준비된 파일이 바뀌었습니다(다른 제출물이?). 이 제출물만 다시 채점하세요",
        "en": "its staged files changed while it was graded (by another submission?); grade it again on its own",
    },
    # ------------------------------------------------------------ kit grade-batch, for the instructor
    "progress.counts": {
        "ko": "{done}/{total}  실패 {failures}  남은 시간 {eta}",
        "en": "{done}/{total}  failures {failures}  ETA {eta}",
    },
    "progress.failures": {"ko": "실패 {failures}", "en": "failures {failures}"},
    "batch.progress.kept": {"ko": "이전 실행의 결과를 그대로 둠", "en": "kept from the earlier run"},
    "batch.progress.points": {"ko": "{points}점", "en": "{points} points"},
    "batch.gradebook_unwritten": {
        "ko": "kit grade-batch: gradebook을 쓰지 못했습니다 ({reason}). 다음 제출물을 채점한 뒤 다시 씁니다",
        "en": "kit grade-batch: the gradebook could not be written ({reason}); trying again after the next one",
    },
    "batch.results_unwritten": {"ko": "결과를 쓰지 못했습니다: {reason}", "en": "results not written: {reason}"},
    "batch.unfinished": {
        "ko": "이 제출물의 채점이 끝나기 전에 채점이 멈췄습니다",
        "en": "grading stopped before this submission finished",
    },
    "batch.holds_out": {
        "ko": "참고: {path}에 --out 폴더가 있어 제출물로 채점하지 않습니다",
        "en": "note: {path} holds --out, so it is not graded as a submission",
    },
    "batch.summary": {
        "ko": "제출물 {count}개 중 {graded}개를 {elapsed:.1f}초 동안 채점했습니다 (분당 {rate:.1f}개, {where})",
        "en": "{count} submissions, {graded} graded in {elapsed:.1f} s ({rate:.1f} per minute, {where})",
    },
    "batch.summary_kept": {"ko": ", {kept}개는 이전 실행의 결과를 그대로 둠", "en": ", {kept} kept from the earlier run"},
    "batch.where_local": {"ko": "한 번에 {parallel}개씩", "en": "{parallel} at a time"},
    "batch.where_cluster": {"ko": "Dask 클러스터 {address}에서", "en": "on the Dask cluster at {address}"},
    "batch.not_a_folder": {"ko": "{path}은(는) 폴더가 아닙니다", "en": "{path} is not a folder"},
    "batch.out_is_submissions": {
        "ko": "--out은 SUBMISSIONS 폴더 자체일 수 없습니다: 결과 폴더가 제출물로 보이게 됩니다",
        "en": "--out must not be SUBMISSIONS itself: results folders would look like submissions",
    },
    "batch.warning": {"ko": "경고: {problem}", "en": "warning: {problem}"},
    "batch.written": {
        "ko": "결과와 gradebook.csv, item_analysis.csv를 {out}에 썼습니다",
        "en": "results, gradebook.csv and item_analysis.csv in {out}",
    },
    # ------------------------------------------------------------ kit grade-batch --scheduler (kit.clients.cluster)
    "cluster.unreachable": {
        "ko": "{address}의 Dask scheduler에 연결할 수 없습니다 ({reason}). `dask scheduler`로 시작하고 그 명령이 "
              "출력하는 주소를 넘기세요",
        "en": "the Dask scheduler at {address} cannot be reached ({reason}); start it with `dask scheduler` and pass "
              "the address it prints",
    },
    "cluster.no_workers": {
        "ko": "{timeout:.0f}초 안에 scheduler {address}에 연결된 Dask worker가 없습니다. 채점할 컴퓨터마다 "
              "`dask worker ADDRESS --nthreads 1`(으)로 worker를 시작하세요",
        "en": "no Dask worker joined the scheduler {address} within {timeout:.0f} s; start one on each grading "
              "machine with `dask worker ADDRESS --nthreads 1`",
    },
    "cluster.no_sandbox": {
        "ko": "worker {address}은(는) 학습자 코드를 sandbox에서 실행할 수 없습니다: {reason}",
        "en": "worker {address} cannot sandbox learner code: {reason}",
    },
    "cluster.other_kit": {
        "ko": "worker {address}의 키트가 다릅니다 (fingerprint {theirs}, 이 client는 {mine}). 모든 worker에 같은 "
              "키트(테스트, reference, 데이터, 코드)를 설치하고 worker를 다시 시작하세요",
        "en": "worker {address} has another kit (fingerprint {theirs}, this client's {mine}): install the same kit "
              "(tests, reference, data, code) on every worker and restart it",
    },
    "cluster.killed_worker": {
        "ko": "이 제출물을 채점하던 Dask worker가 {times}번 모두 죽어 채점하지 못했습니다 (마지막 worker: {worker}). "
              "학습자의 코드는 sandbox 안에서 worker를 죽일 수 없으니 worker 로그(메모리 부족, OOM killer)를 확인하세요",
        "en": "the Dask workers grading it died all {times} times, so it was not graded (the last one: {worker}); "
              "a learner's code cannot kill a worker from its sandbox, so look at the workers' logs (memory, the "
              "OOM killer)",
    },
    "cluster.failed": {
        "ko": "클러스터에서 채점하지 못했습니다 ({reason})",
        "en": "grading failed on the cluster ({reason})",
    },
    "cluster.process_ended": {
        "ko": "이 worker의 채점 프로세스가 채점 중에 끝났습니다 ({reason})",
        "en": "this worker's grading process ended while grading ({reason})",
    },
    "cluster.process_slow": {
        "ko": "이 worker의 채점 프로세스가 {seconds:.0f}초 안에 시작하지 않았습니다",
        "en": "this worker's grading process did not start within {seconds:.0f} s",
    },
    "cluster.process_failed": {
        "ko": "이 worker의 채점 프로세스가 시작하지 못했습니다",
        "en": "this worker's grading process did not start",
    },
    "cluster.file_name": {"ko": "파일 이름 {name}을(를) 받지 않습니다", "en": "refusing the file name {name}"},
    "cluster.not_intact": {
        "ko": "제출물의 파일이 온전히 도착하지 않았습니다 (hash가 다릅니다)",
        "en": "the submission's files did not arrive intact (their hash differs)",
    },
    "notebook.needs": {
        "ko": "이 셀은 {question}의 답이 필요합니다: {function}이(가) 아직 NotImplementedError입니다 (not started). "
              "{question}의 `# kit: {question}` 셀을 채워 실행한 뒤 이 셀을 다시 실행하세요.",
        "en": "this cell needs {question}: {function} still raises NotImplementedError (not started). Fill in and run "
              "the `# kit: {question}` cells of {question}, then run this cell again.",
    },
    # ------------------------------------------------------------ the grading rules (the student README, kit grade)
    "rules.graded": {
        "ko": "채점은 문제마다 답 하나만 가져옵니다: `qN/solution.py`와 그 옆의 `answers.toml`(개념 문항), 또는 노트북의 "
              "`# kit: qN` 셀과 `# kit: qN answers` 셀. 다른 파일(테스트, conftest.py, 데이터)은 채점에 쓰이지 않습니다. "
              "답 셀과 answers.toml은 실행하지 않고 TOML로 읽습니다.",
        "en": "Grading takes one answer per question: `qN/solution.py` with the `answers.toml` beside it (concept "
              "items), or a notebook's `# kit: qN` and `# kit: qN answers` cells. No other file (tests, conftest.py, "
              "data) is used. Answers cells and answers.toml are read as TOML, never run.",
    },
    "rules.notebook": {
        "ko": "노트북으로 풀었다면 노트북 파일(`lesson.ipynb`)을 그대로 제출합니다. `# kit: qN` 셀이 `qN/solution.py`, "
              "`# kit: qN answers` 셀이 `qN/answers.toml`이 되어 폴더·zip과 똑같이 채점됩니다. 셀 첫 줄의 표시를 "
              "지우지 마세요.",
        "en": "If you solved in the notebook, submit the notebook file (`lesson.ipynb`) as it is: its `# kit: qN` "
              "cells become `qN/solution.py` and its `# kit: qN answers` cells `qN/answers.toml`, graded exactly "
              "like a folder or a zip. Keep the mark on each cell's first line.",
    },
    "rules.hidden": {
        "ko": "공개 테스트를 모두 통과해도 만점이 보장되지는 않습니다. 최종 채점에서는 공개되지 않은 테스트도 함께 "
              "돌립니다. 특정 입력에 맞춘 답이 아니라 함수 설명대로 동작하는 답을 쓰세요.",
        "en": "Passing every public test does not guarantee full points: final grading runs hidden tests too. Write "
              "what the function's description says, not answers fitted to particular inputs.",
    },
    "rules.policy": {
        "ko": "답에 필요 없는 코드(테스트 프레임워크, 프로세스·스레드, `ctypes`, `sys`, `inspect`, `importlib`, "
              "`exec`/`eval`, 네트워크)는 advice로 알려 줍니다. 점수는 깎지 않지만, 답의 코드는 격리된 sandbox에서 "
              "돌아가므로 그런 코드로 얻을 수 있는 것은 없습니다.",
        "en": "Code a solution never needs (test frameworks, processes and threads, `ctypes`, `sys`, `inspect`, "
              "`importlib`, `exec`/`eval`, the network) is pointed out as advice. No points are taken, but the code "
              "runs in an isolated sandbox, so nothing is gained by it.",
    },
    "rules.kit_files": {
        "ko": "키트의 파일(테스트, 데이터, 모델)에 쓰면 그 문제는 0점입니다.",
        "en": "Writing into the kit's files (tests, data, the model) scores that question 0.",
    },
    "rules.time": {
        "ko": "문제마다 시간 제한이 있습니다. 무한 루프나 아주 느린 코드는 그 문제를 0점으로 만듭니다.",
        "en": "Each question has a time limit; an endless loop or very slow code scores that question 0.",
    },
    "notebook.read": {"ko": "확인한 곳", "en": "checked from"},
    "notebook.from_cells": {"ko": "이 노트북의 셀", "en": "this notebook's cells"},
    "intake.graded_notebook": {
        "ko": "`{path}` 노트북의 `# kit: {key}` 셀을 채점했습니다{answers}{why}.",
        "en": "graded the `# kit: {key}` cells of the notebook `{path}`{answers}{why}.",
    },
    "intake.notebook_answers": {
        "ko": " (concept 답은 `# kit: {key} answers` 셀)",
        "en": " (concept answers from the `# kit: {key} answers` cells)",
    },
    "intake.notebook_missing": {
        "ko": "노트북 `{path}`에 `# kit: {key}`(으)로 시작하는 셀이 없습니다. 답을 쓴 셀의 첫 줄 `# kit: {key}` 표시를 "
              "지우지 마세요.",
        "en": "the notebook `{path}` has no cell starting with `# kit: {key}`. Keep the `# kit: {key}` mark on the "
              "first line of your answer cells.",
    },
    "intake.notebook_unused": {
        "ko": "`{path}`: 이 제출물에는 qN/solution.py 파일이 있어 노트북은 채점하지 않았습니다",
        "en": "`{path}`: the submission holds qN/solution.py files, so notebooks are not graded",
    },
    "intake.notebook_unreadable": {
        "ko": "`{path}`: Jupyter 노트북으로 읽을 수 없습니다 ({reason})",
        "en": "`{path}`: not a readable Jupyter notebook ({reason})",
    },
    "intake.no_marked_cells": {
        "ko": "`{path}`: `# kit: qN`으로 시작하는 셀이 하나도 없어 채점할 답이 없습니다",
        "en": "`{path}`: no cell starts with `# kit: qN`, so there is nothing to grade",
    },
    "gradescope.out_of_time": {
        "ko": "채점 시간 예산({budget:g}초)이 다 되어 {questions}은(는) 끝까지 채점하지 못했습니다 (0점). "
              "무한 루프나 아주 느린 코드가 없는지 확인하세요.",
        "en": "the grading time budget ({budget:g} s) ran out before {questions} finished (0 points). Check for an "
              "endless loop or very slow code.",
    },
    "gradescope.unfinished": {
        "ko": "채점이 아직 끝나지 않았을 때 쓴 결과입니다: 표에 결과가 없는 문제는 채점되지 않았습니다.",
        "en": "these results were written before grading finished: a question without a result in the table was "
              "not graded.",
    },
    "gradescope.pending": {
        "ko": "아직 이 문제의 채점이 끝나지 않았습니다",
        "en": "grading has not finished this question yet",
    },
    # The default `what`: the function's return value.
    "returned": {"ko": "반환값"},
    # ------------------------------------------------------------ public tests (exercises/qN)
    "returned, for causal=False,": {"ko": "causal=False일 때의 반환값"},
    "returned, for causal=True,": {"ko": "causal=True일 때의 반환값"},
    "returned, for seq_len=1,": {"ko": "seq_len=1일 때의 반환값"},
    "accepted seq_len={seq_len}; raise ValueError when seq_len < 1": {"ko": "seq_len={seq_len}을(를) 받아들였습니다. seq_len < 1이면 ValueError를 일으키세요"},
    "returned, at positions {positions} ([CLS] is position 0),": {"ko": "위치 {positions}에서의 반환값([CLS]가 위치 0)"},
    "accepted texts of {len_a} and {len_b} tokens; raise ValueError": {"ko": "{len_a}개와 {len_b}개 토큰인 두 텍스트를 받아들였습니다. ValueError를 일으키세요"},
    "returned, for top_k=3, a list of length": {"ko": "top_k=3일 때 반환한 리스트의 길이"},
    "returned tokens": {"ko": "반환한 토큰"},
    "returned scores that, against the pipeline's,": {"ko": "반환한 점수(pipeline의 점수와 비교)"},
    "accepted {text!r}; raise ValueError unless the text holds exactly one [MASK]": {"ko": "{text!r}을(를) 받아들였습니다. 텍스트에 [MASK]가 정확히 하나가 아니면 ValueError를 일으키세요"},
    "returned {shift:.3g} for two identical texts; expected 0.0": {"ko": "같은 두 텍스트에 {shift:.3g}을(를) 반환했습니다. 기대값 0.0"},
    "returned an entry as": {"ko": "반환한 항목"},
    "returned an entry of length": {"ko": "반환한 항목의 길이"},
    "returned a token as": {"ko": "반환한 토큰"},
    "returned a score as": {"ko": "반환한 점수"},
    "returned scores {scores}; softmax probabilities lie in (0, 1] and sum to <= 1": {"ko": "점수 {scores}을(를) 반환했습니다. softmax 확률은 (0, 1] 범위에 있고 합이 1 이하입니다"},
    "returned scores {scores}; the most probable token comes first": {"ko": "점수 {scores}을(를) 반환했습니다. 가장 확률이 높은 토큰이 맨 앞에 와야 합니다"},
    "returned {shift:.3g} at position {position} for {text_a!r} -> {text_b!r}; BERT attends to the right, so the state there must move": {"ko": "{text_a!r} -> {text_b!r}의 위치 {position}에서 {shift:.3g}을(를) 반환했습니다. BERT는 오른쪽 문맥도 보므로 그 위치의 상태가 바뀌어야 합니다"},
    "raised ValueError({error!r}); the message should name both lengths, {len_a} and {len_b}": {"ko": "ValueError({error!r})를 일으켰습니다. 메시지에 두 길이 {len_a}와(과) {len_b}을(를) 모두 적으세요"},
    "built a pipeline for the task": {"ko": "만든 pipeline의 task"},
    "(with None) loaded a model whose labels are": {"ko": "(None일 때) 불러온 모델의 레이블"},
    "returned, for {label!r},": {"ko": "{label!r}에 대한 반환값"},
    "returned {result!r} for {label!r}; expected a ValueError": {"ko": "{label!r}에 대해 {result!r}을(를) 반환했습니다. ValueError가 나야 합니다"},
    "raised {error} for {label!r}; any label outside the table must raise ValueError (check the label before taking it apart)": {
        "ko": "{label!r}에 대해 {error}을(를) 일으켰습니다. 표에 없는 레이블은 모두 ValueError를 일으켜야 합니다(레이블을 쪼개기 전에 먼저 확인하세요)"},
    "returned a number of records": {"ko": "반환한 레코드 수"},
    "returned a record whose review is": {"ko": "반환한 레코드의 review"},
    "returned stars for {text!r}:": {"ko": "{text!r}에 대해 반환한 stars"},
    "returned \"stars\" as": {"ko": "반환한 \"stars\""},
    "returned sentiment for {text!r}:": {"ko": "{text!r}에 대해 반환한 sentiment"},
    "returned a score for {text!r} that, against the softmax,": {"ko": "{text!r}에 대해 반환한 score(softmax와 비교)"},
    "did not save the model into the folder it was given": {"ko": "모델을 주어진 폴더에 저장하지 않았습니다"},
    "saved no tokenizer into the folder (it holds {files}): loaded from the folder alone, the tokenizer knows {n} tokens instead of {want} and reads every word as [UNK]; call tokenizer.save_pretrained(path) too": {"ko": "폴더에 tokenizer를 저장하지 않았습니다(폴더에 있는 파일: {files}). 폴더만으로 불러온 tokenizer는 토큰을 {want}개가 아니라 {n}개만 알아서 모든 단어를 [UNK]로 읽습니다. tokenizer.save_pretrained(path)도 부르세요"},
    "built a pipeline whose label for {text!r} is": {"ko": "만든 pipeline이 {text!r}에 붙인 label"},
    "built a pipeline whose score for {text!r}": {"ko": "만든 pipeline이 {text!r}에 준 score"},
    "returned \"attention_mask\"": {"ko": "반환한 \"attention_mask\""},
    "returned \"input_ids\" with": {"ko": "반환한 \"input_ids\""},
    "returned labels at selected positions that, against the original ids,": {"ko": "선택된 위치의 labels(원래 id와 비교)"},
    "changed input_ids at unselected positions (label -100); there": {"ko": "선택되지 않은 위치(label -100)의 input_ids가 바뀌었습니다. 그 위치의 값"},
    "returned, with mlm_probability=0, \"labels\"": {"ko": "mlm_probability=0일 때 반환한 \"labels\""},
    "returned, with mlm_probability=0, \"input_ids\"": {"ko": "mlm_probability=0일 때 반환한 \"input_ids\""},
    "returned a list of length": {"ko": "반환한 리스트의 길이"},
    "returned, called again with seed=3,": {"ko": "seed=3으로 다시 불렀을 때의 반환값"},
    "accepted {count} sentences; raise ValueError for fewer than three": {"ko": "문장 {count}개를 받아들였습니다. 세 문장보다 적으면 ValueError를 일으키세요"},
    "returned \"{key}\" with": {"ko": "반환한 \"{key}\""},
    "selected a [CLS], [SEP] or [PAD] position (its label is not -100); only real tokens may be selected": {"ko": "[CLS], [SEP] 또는 [PAD] 위치를 선택했습니다(그 label이 -100이 아님). 실제 토큰만 선택할 수 있습니다"},
    "selected nothing with mlm_probability=0.5": {"ko": "mlm_probability=0.5인데 아무것도 선택하지 않았습니다"},
    "turned {masked_share:.0%} of the selected tokens into [MASK]; expected about 80 %": {"ko": "선택된 토큰의 {masked_share:.0%}을(를) [MASK]로 바꿨습니다. 약 80 %여야 합니다"},
    "returned, called twice with the same generator seed, \"{key}\" that": {"ko": "같은 generator seed로 두 번 불렀을 때 반환한 \"{key}\""},
    "left a real token unselected with mlm_probability=1": {"ko": "mlm_probability=1인데 실제 토큰을 선택하지 않고 남겼습니다"},
    "returned pair {i} as": {"ko": "반환한 쌍 {i}"},
    "returned pair {i} of length": {"ko": "반환한 쌍 {i}의 길이"},
    "returned pair {i} with a =": {"ko": "반환한 쌍 {i}의 a"},
    "returned label {label!r}; expected 0 (is next) or 1 (random)": {"ko": "label {label!r}을(를) 반환했습니다. 0(다음 문장) 또는 1(무작위)이어야 합니다"},
    "returned ({a!r}, {b!r}, 0); label 0 means b is the next sentence": {"ko": "({a!r}, {b!r}, 0)을 반환했습니다. label 0은 b가 다음 문장이라는 뜻입니다"},
    "returned ({a!r}, {b!r}, 1) with seed={seed}; a random b is neither a nor its true next sentence": {"ko": "seed={seed}(으)로 ({a!r}, {b!r}, 1)을 반환했습니다. 무작위 b는 a도, a의 실제 다음 문장도 아닙니다"},
    "returned b = {b!r}, which is not one of the sentences": {"ko": "b = {b!r}을(를) 반환했습니다. 주어진 문장 중 하나가 아닙니다"},
    "returned \"tokens\" as": {"ko": "반환한 \"tokens\""},
    "returned \"token_ids\" as": {"ko": "반환한 \"token_ids\""},
    "returned \"attention_mask\" with": {"ko": "반환한 \"attention_mask\""},
    "returned \"tokens\"": {"ko": "반환한 \"tokens\""},
    "returned \"token_ids\" that spell": {"ko": "반환한 \"token_ids\"를 토큰으로 바꾼 값"},
    "returned \"input_ids\"": {"ko": "반환한 \"input_ids\""},
    "returned text that tokenizes to": {"ko": "반환한 텍스트를 토큰화한 값"},
    "returned, for a (seq,) tensor, text that tokenizes to": {"ko": "(seq,) Tensor에 대해 반환한 텍스트를 토큰화한 값"},
    "returned, for a (seq,) tensor,": {"ko": "(seq,) Tensor에 대한 반환값"},
    "returned, for a list of ids, text that tokenizes to": {"ko": "id 리스트에 대해 반환한 텍스트를 토큰화한 값"},
    "ended a truncated text with {token} (id {last}) instead of [SEP]: the closing [SEP] was cut off with the end of the text. Cut the tokens before the special tokens are added (tokenizer(..., truncation=True, max_length=max_length)), so [SEP] stays last": {
        "ko": "잘린 텍스트가 [SEP]가 아니라 {token}(id {last})(으)로 끝납니다. 텍스트 끝과 함께 닫는 [SEP]까지 잘려 나갔습니다. 특수 토큰을 붙이기 전에 토큰을 자르세요(tokenizer(..., truncation=True, max_length=max_length)). 그래야 [SEP]가 마지막에 남습니다"},
    "returned {text!r}, which still contains {special}": {"ko": "{text!r}을(를) 반환했습니다. 아직 {special}이(가) 들어 있습니다"},
    "returned a model of class": {"ko": "반환한 모델의 클래스"},
    "returned a tokenizer whose vocabulary size is": {"ko": "반환한 tokenizer의 어휘 크기"},
    "given a BERT folder of hidden 48 and 1 layer, returned a model of (hidden, layers)": {"ko": "hidden 48, 1층인 BERT 폴더로 반환한 모델의 (hidden, layers)"},
    "with None returned a model of hidden size": {"ko": "None일 때 반환한 모델의 hidden size"},
    "with None returned embeddings whose first rows": {"ko": "None일 때 반환한 모델의 embedding 첫 행들"},
    "returned last_hidden_state with": {"ko": "반환한 last_hidden_state"},
    "returned pooler_output with": {"ko": "반환한 pooler_output"},
    "returned, for one string, last_hidden_state with": {"ko": "문자열 하나일 때 반환한 last_hidden_state"},
    "gave a padded text a [CLS] state that, compared with the same text alone,": {"ko": "패딩된 텍스트의 [CLS] 상태(같은 텍스트 하나만 넣었을 때와 비교)"},
    "returned a last state that, against last_hidden_state,": {"ko": "반환한 마지막 상태(last_hidden_state와 비교)"},
    "returned a first state that, against the embeddings output,": {"ko": "반환한 첫 상태(embeddings 출력과 비교)"},
    "returned a model in training mode; call model.eval() (dropout is on)": {"ko": "학습 모드(training mode)인 모델을 반환했습니다. model.eval()을 부르세요(dropout이 켜져 있습니다)"},
    "returned tensors that require grad; run the model under torch.no_grad()": {"ko": "grad가 필요한(requires_grad) Tensor를 반환했습니다. 모델을 torch.no_grad() 안에서 실행하세요"},
    "returned {key} as": {"ko": "반환한 {key}"},
    "returned {n_states} tensors; expected num_hidden_layers + 1 = {expected}": {"ko": "Tensor {n_states}개를 반환했습니다. 기대값 num_hidden_layers + 1 = {expected}"},
    "returned state {i} with": {"ko": "반환한 상태 {i}"},
    "returned {key} = {value!r}; expected plain Python ints": {"ko": "{key} = {value!r}을(를) 반환했습니다. 평범한 Python int여야 합니다"},
    "returned keys": {"ko": "반환한 키"},
    "returned \"token_type_ids\" (0 for [CLS] A [SEP], 1 for B [SEP], 0 on padding)": {"ko": "반환한 \"token_type_ids\"([CLS] A [SEP]는 0, B [SEP]는 1, 패딩은 0)"},
    "kept of the short sentence B (longest-first cuts the long A, not B)": {"ko": "남긴 짧은 문장 B(longest-first는 B가 아니라 긴 A를 자릅니다)"},
    "kept of the short sentence A (longest-first cuts the long B, not A)": {"ko": "남긴 짧은 문장 A(longest-first는 A가 아니라 긴 B를 자릅니다)"},
    "raised {error!r} for a pair of {n_a} and {n_b} tokens with max_length={max_length}: a truncation that cuts only one of the sentences (\"only_first\", \"only_second\") fails when that one is the short one. The question's rule is longest-first (truncation=True or \"longest_first\"): the longer sentence is cut first": {
        "ko": "토큰 {n_a}개와 {n_b}개인 문장 쌍, max_length={max_length}에서 {error!r} 오류가 났습니다. 한 문장만 자르는 방식(\"only_first\", \"only_second\")은 그 문장이 짧은 쪽이면 실패합니다. 문제의 규칙은 longest-first(truncation=True 또는 \"longest_first\")로, 더 긴 문장부터 자릅니다"},
    "returned, for a truncated pair, \"attention_mask\"": {"ko": "잘린 문장 쌍에 대해 반환한 \"attention_mask\""},
    "returned, for a (1, seq) tensor,": {"ko": "(1, seq) Tensor에 대한 반환값"},
    "returned, for [CLS] [MASK] 영화 [UNK] [MASK] [SEP],": {"ko": "[CLS] [MASK] 영화 [UNK] [MASK] [SEP]에 대한 반환값"},
    "returned the id of {token} as": {"ko": "반환한 {token}의 id"},
    "returned for {token} an id that the vocabulary spells": {"ko": "{token}에 대해 반환한 id를 어휘에서 찾은 토큰"},
    "returned {tokens} for a long pair; truncation must keep [CLS] A [SEP] B [SEP]": {"ko": "긴 문장 쌍에 {tokens}을(를) 반환했습니다. 잘라도 [CLS] A [SEP] B [SEP]가 남아야 합니다"},
    "returned vectors that, against last_hidden_state[:, 0],": {"ko": "반환한 벡터(last_hidden_state[:, 0]와 비교)"},
    "returned the [CLS] vectors of a forward without the attention_mask, so [CLS] attended to the padding of the shorter texts; pass the mask too: model(**inputs)": {
        "ko": "attention_mask 없이 실행한 forward의 [CLS] 벡터를 반환했습니다. 그래서 [CLS]가 짧은 텍스트의 패딩까지 attend했습니다. mask도 넘기세요: model(**inputs)"},
    "returned means that, against the mean over real tokens,": {"ko": "반환한 평균(실제 토큰에 대한 평균과 비교)"},
    "changed when only the padded positions changed: it": {"ko": "패딩 위치만 바꿨는데 바뀐 반환값"},
    "returned, for a row with no real token,": {"ko": "실제 토큰이 없는 행에 대한 반환값"},
    "returned vectors that, against the model's pooler_output,": {"ko": "반환한 벡터(모델의 pooler_output과 비교)"},
    "returned a tensor that requires grad; run the model under torch.no_grad()": {"ko": "grad가 필요한(requires_grad) Tensor를 반환했습니다. 모델을 torch.no_grad() 안에서 실행하세요"},
    "returned NaN or inf for a row with no real token; clamp the token count to at least 1 before dividing": {"ko": "실제 토큰이 없는 행에 NaN 또는 inf를 반환했습니다. 나누기 전에 토큰 수를 최소 1로 clamp하세요"},
    "with trainable_only=True, after freezing the embeddings,": {"ko": "embedding을 freeze한 뒤 trainable_only=True일 때의 반환값"},
    "with trainable_only=False, after freezing the embeddings,": {"ko": "embedding을 freeze한 뒤 trainable_only=False일 때의 반환값"},
    "left a number of trainable values (hidden {hidden} x {NUM_LABELS} labels + bias)": {"ko": "학습 가능한 값의 수(hidden {hidden} x 레이블 {NUM_LABELS}개 + bias)"},
    "changed requires_grad when called a second time: got": {"ko": "두 번째로 불렀을 때 바뀐 requires_grad"},
    "with n={layers} (every layer) left a number of trainable values": {"ko": "n={layers}(모든 층)일 때 학습 가능한 값의 수"},
    "returned, for {n_labeled:,} labelled examples,": {"ko": "레이블 있는 예제 {n_labeled:,}개에 대한 반환값"},
    "accepted -1 labelled examples; raise ValueError": {"ko": "레이블 있는 예제 -1개를 받아들였습니다. ValueError를 일으키세요"},
    "returned columns": {"ko": "반환한 열(columns)"},
    "returned blocks": {"ko": "반환한 블록"},
    "returned a \"parameters\" column summing to": {"ko": "반환한 \"parameters\" 열의 합"},
    "returned, with only the head trainable, \"trainable\"": {"ko": "head만 학습 가능할 때 반환한 \"trainable\""},
    "did not return the model it was given": {"ko": "받은 모델을 반환하지 않았습니다"},
    "left {n_left} encoder parameters trainable, e.g. {example}": {"ko": "encoder 파라미터 {n_left}개를 학습 가능하게 남겼습니다. 예: {example}"},
    "froze the task head too ({head_frozen}); it must learn": {"ko": "task head까지 freeze했습니다({head_frozen}). head는 학습해야 합니다"},
    "with n=1 left the embeddings trainable; they stay frozen": {"ko": "n=1인데 embedding을 학습 가능하게 남겼습니다. embedding은 freeze된 채로 둡니다"},
    "with n=1 froze the last layer ({last}); it must be trainable": {"ko": "n=1인데 마지막 층({last})을 freeze했습니다. 이 층은 학습 가능해야 합니다"},
    "with n=1 froze the pooler; it is trainable when n > 0": {"ko": "n=1인데 pooler를 freeze했습니다. n > 0이면 pooler는 학습 가능합니다"},
    "froze the classification head; it is always trainable": {"ko": "분류 head를 freeze했습니다. head는 언제나 학습 가능합니다"},
    "with n=0 left {n_left} encoder parameters trainable, e.g. {example}; only the head learns (hint: what is layers[-0:]?)": {"ko": "n=0인데 encoder 파라미터 {n_left}개를 학습 가능하게 남겼습니다. 예: {example}. head만 학습합니다(힌트: layers[-0:]는 무엇일까요?)"},
    "with n=0 froze the head; it is always trainable": {"ko": "n=0인데 head를 freeze했습니다. head는 언제나 학습 가능합니다"},
    "with n=0 left the pooler trainable; the pooler learns only when n > 0, so n=0 trains the head alone": {
        "ko": "n=0인데 pooler를 학습 가능하게 두었습니다. pooler는 n > 0일 때만 학습하므로, n=0이면 head만 학습합니다"},
    "accepted n={n} for a {layers}-layer model; raise ValueError": {"ko": "{layers}층 모델에 n={n}을(를) 받아들였습니다. ValueError를 일으키세요"},
    "with n=1 left layer {i} trainable; only the last layer ({last}) learns": {"ko": "n=1인데 층 {i}을(를) 학습 가능하게 남겼습니다. 마지막 층({last})만 학습합니다"},
    "returned, for one text, a number of rows": {"ko": "텍스트 하나에 대해 반환한 행 수"},
    "returned \"text\"": {"ko": "반환한 \"text\""},
    "returned, for {text!r}, \"n_unk\"": {"ko": "{text!r}에 대해 반환한 \"n_unk\""},
    "returned, with coverage 1.0, (the longest text's tokens + [CLS] + [SEP])": {"ko": "coverage 1.0일 때의 반환값(가장 긴 텍스트의 토큰 수 + [CLS] + [SEP])"},
    "returned, for {count} texts of distinct lengths and coverage {coverage} (at least {kept} texts must fit),": {"ko": "길이가 서로 다른 텍스트 {count}개, coverage {coverage}일 때의 반환값(최소 {kept}개 텍스트가 들어가야 함)"},
    "returned, for a text longer than the model's limit, (count it whole, without truncation)": {"ko": "모델 한도보다 긴 텍스트가 있을 때의 반환값(자르지 말고 전체 길이로 세기)"},
    "accepted coverage={coverage}; it must be in (0, 1]": {"ko": "coverage={coverage}을(를) 받아들였습니다. coverage는 (0, 1] 범위여야 합니다"},
    "returned, for {text!r} (tokens {tokens}), \"{column}\"": {"ko": "{text!r}(토큰 {tokens})에 대해 반환한 \"{column}\""},
    "returned \"tokens_per_word\" {tokens_per_word} for {text!r}: n_tokens / n_words = {ratio!r} rounded to {digits} decimals. Keep the ratio as it is, unrounded": {
        "ko": "{text!r}에 대해 \"tokens_per_word\" {tokens_per_word}을(를) 반환했습니다. n_tokens / n_words = {ratio!r}을(를) 소수점 아래 {digits}자리로 반올림한 값입니다. 반올림하지 말고 비율 그대로 두세요"},
    "returned \"tokens_per_word\" {tokens_per_word} for {text!r}; expected n_tokens / n_words = {n_tokens}/{n_words}": {"ko": "{text!r}에 대해 \"tokens_per_word\" {tokens_per_word}을(를) 반환했습니다. 기대값 n_tokens / n_words = {n_tokens}/{n_words}"},
    "returned, for the empty text, \"{column}\"": {"ko": "빈 텍스트에 대해 반환한 \"{column}\""},
    "has length": {"ko": "길이"},
    "item 0 has input_ids with": {"ko": "항목 0의 input_ids"},
    "item 0 has input_ids": {"ko": "항목 0의 input_ids"},
    "item 0 has labels with": {"ko": "항목 0의 labels"},
    "item 2 (document NaN) has input_ids": {"ko": "항목 2(document가 NaN)의 input_ids"},
    "with max_length=16 has input_ids with": {"ko": "max_length=16일 때 input_ids"},
    "gave, for the same seed, a second order": {"ko": "같은 seed로 만든 두 번째 순서"},
    "put these parameters in the optimizer (encoder frozen):": {"ko": "optimizer에 넣은 파라미터(encoder freeze 상태)"},
    "gave weight decay by parameter": {"ko": "파라미터별 weight decay"},
    "holds a number of parameters": {"ko": "파라미터 수"},
    "gave learning rates over steps 0..10 that": {"ko": "step 0..10의 learning rate"},
    "stepped the scheduler, over {n_loader} batches,": {"ko": "배치 {n_loader}개 동안 scheduler를 step한 횟수"},
    "called optimizer.step() for 2 batches this many times:": {"ko": "배치 2개에 대해 optimizer.step()을 부른 횟수"},
    "left gradients at the second step that, against the first (identical batch),": {"ko": "두 번째 step의 gradient(같은 배치의 첫 step과 비교)"},
    "left the gradients of both batches summed (twice one batch's): backward() adds to .grad, so the loop never cleared them. Call optimizer.zero_grad() before each backward": {
        "ko": "두 배치의 gradient가 더해진 채로 남았습니다(한 배치의 두 배). backward()는 .grad에 더하므로, 루프가 gradient를 한 번도 비우지 않은 것입니다. backward마다 그 전에 optimizer.zero_grad()를 부르세요"},
    "trained with freeze={freeze} at learning rate {lr:g}; on the kit's tiny model the rates that reach the accuracy targets run from {low:g} to {high:g} (the lesson's 2e-5 is for BERT-base, too small here). Change {name} and check with `kit run q9`": {
        "ko": "freeze={freeze}에서 학습률 {lr:g}(으)로 학습했습니다. 키트의 작은 모델에서 채점 기준 정확도에 닿는 학습률은 {low:g} ~ {high:g}입니다(원래 수업의 2e-5는 BERT-base용이라 이 모델에는 너무 작습니다). {name} 값을 고치고 `kit run q9`로 확인하세요"},
    "left gradients after two identical batches that, against one batch's,": {
        "ko": "같은 배치 두 개를 지난 뒤 남긴 gradient(배치 하나의 gradient와 비교)"},
    "trained the model in eval mode (dropout off during the forward); from_pretrained returns a model in eval mode, "
    "so call model.train() in the loop to turn dropout on": {
        "ko": "모델을 eval 모드로 학습했습니다 (dropout이 꺼진 채 forward). from_pretrained는 eval 모드 모델을 돌려주므로, "
              "학습 루프에서 model.train()을 불러 dropout을 켜세요"},
    "did not build a torch.optim optimizer (use build_optimizer)": {
        "ko": "torch.optim optimizer를 만들지 않았습니다 (build_optimizer를 쓰세요)"},
    'built a pipeline of the class (use "text-classification" or its alias "sentiment-analysis")': {
        "ko": '다음 클래스의 pipeline을 만들었습니다 ("text-classification" 또는 별칭 "sentiment-analysis"를 쓰세요)'},
    "returned the same masks for generator seeds 7 and 8; draw every random number from `generator` "
    "(torch.bernoulli(..., generator=generator), torch.randint(..., generator=generator))": {
        "ko": "generator seed 7과 8에 같은 mask를 돌려주었습니다. 모든 난수를 `generator`에서 뽑으세요 "
              "(torch.bernoulli(..., generator=generator), torch.randint(..., generator=generator))"},
    "returned an accuracy that": {"ko": "반환한 accuracy"},
    "drew a number of traces (2 panels x 2 strategies):": {"ko": "그린 trace 수(패널 2개 x 전략 2개)"},
    "named its lines": {"ko": "선의 이름"},
    "plotted y values": {"ko": "그린 y 값"},
    "item 0 has labels {labels!r}; expected tensor(1) of dtype long": {"ko": "항목 0의 labels가 {labels!r}입니다. dtype long인 tensor(1)이어야 합니다"},
    "made batch {number} with": {"ko": "만든 배치 {number}"},
    "made batch {number} labels with": {"ko": "만든 배치 {number}의 labels"},
    "made batch {number} whose attention_mask counts real tokens as": {"ko": "만든 배치 {number}의 attention_mask가 센 실제 토큰 수"},
    "with shuffle=True kept the DataFrame's order": {"ko": "shuffle=True인데 DataFrame의 순서를 그대로 두었습니다"},
    "gave the same order for seeds 3 and 4; pass a torch.Generator seeded with `seed`": {"ko": "seed 3과 4에서 같은 순서를 만들었습니다. `seed`로 seed를 준 torch.Generator를 넘기세요"},
    "applies weight decay to {names}; biases and LayerNorm weights get none": {"ko": "{names}에 weight decay를 적용합니다. bias와 LayerNorm weight에는 weight decay를 주지 않습니다"},
    "returned loss {loss}; expected a positive mean cross-entropy": {"ko": "loss {loss}을(를) 반환했습니다. 양수인 평균 cross-entropy여야 합니다"},
    "moved the weights by {moved:.3g} with SGD lr=1 and max_grad_norm=1e-3 over {n_loader} batches; clipping bounds it by {bound:.3g}": {"ko": "SGD lr=1, max_grad_norm=1e-3으로 배치 {n_loader}개 동안 weight를 {moved:.3g}만큼 움직였습니다. clipping이 있으면 최대 {bound:.3g}입니다"},
    "did not change the weights; call optimizer.step()": {"ko": "weight를 바꾸지 않았습니다. optimizer.step()을 부르세요"},
    "left the model in training mode, so dropout was on while it predicted; call model.eval() before the loop": {"ko": "모델을 학습 모드(training mode)로 두어 예측하는 동안 dropout이 켜져 있었습니다. 반복문 전에 model.eval()을 부르세요"},
    "returned \"{key}\" as": {"ko": "반환한 \"{key}\""},
    "returned, for 2 epochs, a \"{key}\" of length": {"ko": "2 epoch일 때 반환한 \"{key}\"의 길이"},
    "returned accuracies {eval_acc} outside [0, 1]": {"ko": "[0, 1] 밖의 accuracy {eval_acc}을(를) 반환했습니다"},
    "loaded {n_loaded} models with AutoModelForSequenceClassification; expected 1": {"ko": "AutoModelForSequenceClassification으로 모델을 {n_loaded}번 불러왔습니다. 기대값 1"},
    "with freeze=True changed encoder weights such as {names}": {"ko": "freeze=True인데 {names} 같은 encoder weight를 바꿨습니다"},
    "with freeze=True changed no weight at all; the head must still learn": {"ko": "freeze=True인데 weight를 하나도 바꾸지 않았습니다. head는 학습해야 합니다"},
    "drew a figure without a title": {"ko": "제목 없는 figure를 그렸습니다"},
    "left an axis without a label: x1, y1, x2, y2 titles are {titles}": {"ko": "label 없는 축이 있습니다: x1, y1, x2, y2 제목이 {titles}입니다"},
}
