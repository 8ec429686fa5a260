"""What every app shares: the shell (errors, messages, busy state), widget defaults, uploads,
downloads, the trainee's identity, answer inputs.
"""
