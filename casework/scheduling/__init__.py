"""The on-site week's solver: `data` holds the plain inputs and outputs, `model` the CP-SAT model,
`adapter` builds the inputs from the database and writes the proposal back."""
