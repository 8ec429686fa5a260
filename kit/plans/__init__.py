"""Communication plans: the model (PLAN.json), its JSON Schema, the checker and score, the
timeline of draft activities, and the Decree 30/2020 export. Import the submodules."""
