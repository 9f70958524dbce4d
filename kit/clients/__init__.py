"""The kit for its real clients: a class folder (batch) and Gradescope's autograder."""
