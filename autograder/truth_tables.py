"""Truth tables as fingerprints: a two-input gate that computes another gate's table, named.

A gate is judged on the four corners (0, 0), (0, 1), (1, 0), (1, 1), in that order.
Its outputs there are one of the 16 Boolean functions of two inputs, each with a
name (AND, NOR, "always 1", "x1 AND NOT x2", ...). The hint says which one the
student's gate computes: that is proven by the four outputs themselves. A cause is
added only where the outputs imply it: the complement of the table asked for is
what a perceptron gives with its weights and bias negated (its step at -(w·x + b)),
so negating both is the proven remedy when no corner lies on the boundary.
"""

from autograder.fingerprints import Diagnosis

#: the corners' outputs of every two-input Boolean function, corners in the order (0,0), (0,1), (1,0), (1,1)
TABLES: dict[tuple[int, int, int, int], str] = {
    (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1",
    (0, 0, 0, 1): "AND", (1, 1, 1, 0): "NAND", (0, 1, 1, 1): "OR", (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR",
    (0, 0, 1, 1): "x1 (the first input copied)", (0, 1, 0, 1): "x2 (the second input copied)",
    (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2", (0, 1, 0, 0): "NOT x1 AND x2",
    (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "NOT x1 OR x2",
}


def table_name(outputs: tuple[int, ...]) -> str | None:
    """The name of the Boolean function with these four outputs, or None (not four 0/1 outputs)."""
    return TABLES.get(tuple(int(v) for v in outputs)) if len(outputs) == 4 else None


def other_gate(got: tuple[int, ...], expected: tuple[int, ...], gate: str, perceptron: bool,
               what: str) -> Diagnosis | None:
    """The hint for a gate whose four outputs are another gate's table.

    got, expected: the outputs on the four corners; gate: the name of the gate asked
    for; perceptron: whether ``got`` comes from one perceptron's w and b with no corner
    on the boundary (then the complement is cured by negating both); what: how the
    student reads the gate ("NAND_W, NAND_B", "xor").
    """
    name = table_name(got)
    if name is None or tuple(got) == tuple(expected):
        return None
    said = f"{what} computes the truth table of {name}, {list(got)} on the corners (0,0), (0,1), (1,0), " \
           f"(1,1), where {gate} is {list(expected)}"
    if all(g == 1 - e for g, e in zip(got, expected, strict=True)):
        remedy = (": every output is the complement. Negate the weights and the bias (a perceptron with -w "
                  "and -b fires exactly where the one with w and b does not)." if perceptron else
                  ": every output is the complement; look for a NOT too many or too few (a NAND where an "
                  "AND belongs, or the reverse).")
        return Diagnosis(("fp.complement",), said + remedy)
    if len(set(got)) == 1:
        remedy = ("all four sums w·x + b lie on one side of 0: move the bias so that the line w·x + b = 0 "
                  "falls between the corners that give 0 and those that give 1." if perceptron
                  else "")
        return Diagnosis(("fp.constant",), f"{said}: the same output for every input, so the inputs decide "
                                           f"nothing{'; ' + remedy if remedy else '.'}")
    return Diagnosis(("fp.other_gate",), said + ".")
