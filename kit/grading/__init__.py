"""The grading pipeline: stage (intake, staging) -> run (kit.isolation.runner) -> score (scoring) -> report (reports),
strung together by grader."""
