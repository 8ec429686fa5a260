"""What every app shares: the shell (errors, messages, busy state), the widget helpers and the
shared layouts and styles they pass, uploads, downloads, the trainee's identity, answer inputs.
"""
