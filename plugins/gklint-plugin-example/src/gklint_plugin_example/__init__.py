"""An example gklint plugin: EX101 draft-mark."""
