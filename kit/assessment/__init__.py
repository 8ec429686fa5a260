"""Self-assessment: questionnaire and rubric as data, scoring, reports, roll-up, report analyzer."""
