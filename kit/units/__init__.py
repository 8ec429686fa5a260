"""The units expected to submit their yearly review (the registry a province keeps) and their
access codes: who may open and change a unit's record."""
