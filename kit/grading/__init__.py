"""The grading pipeline: stage (intake, staging) -> run (runner) -> score (scoring) -> report (reports),
strung together by grader."""
