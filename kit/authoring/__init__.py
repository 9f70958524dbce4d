"""The instructor's tools that prove and ship the kit: self-check, mutants, the student bundle."""
