"""The hostile-input suite: real files made by real libraries, mutated deterministically."""
