"""The units expected to submit their yearly review (the registry a province keeps) and their
access codes: who may open and change a unit's record.

- :mod:`~kit.units.registry`: the registered units, imported from a list and updated by code
  (a unit missing from a new list is kept, inactive); :mod:`~kit.units.reader` reads the list
  (``.xlsx``, ``.csv``) row by row, :mod:`~kit.units.template` writes its template, and
  :mod:`~kit.units.levels` names the levels as the questionnaire does;
- :mod:`~kit.units.codes`: one access code per unit, stored hashed, issued, reissued, revoked;
  :mod:`~kit.units.codes_list` lists the codes just issued (the DOCX list is
  :mod:`kit.export.unit_codes`);
- :mod:`~kit.units.access`: what a code (or the trainer) opens, checked against the database at
  every read and write;
- :mod:`~kit.units.matching`: which registered unit a typed name is: a code decides, a name only
  suggests.
"""
