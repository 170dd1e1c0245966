"""The built-in reporters, one module each; ``builtin`` contributes them through the
``gklint_reporters`` hook. (This package imports nothing itself: a re-run answered from the
result cache imports its reporter's module and not pluggy.)"""
