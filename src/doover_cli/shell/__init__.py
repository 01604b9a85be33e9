"""`doover shell`: the CLI's commands at a prompt, or one JSON result per line from a pipe.

One concept per module:

* ``words``    - a typed line to the CLI's argv: shell-like splitting (inline JSON is one word),
                 shortcuts (``get-di 0``, ``tail X``), did-you-mean
* ``tree``     - the CLI's own click command tree, each group built once per session
* ``runner``   - the session's targets given to each command, the command invoked in-process, its outcome
* ``console``  - the terminal loop: prompt, Ctrl-C and Ctrl-D, errors as the CLI prints them
* ``complete`` - Tab completion; ``sources`` - the words it asks the bridges for
* ``history``  - history kept across sessions in the user's state dir
* ``pipe``     - stdin not a terminal: one command per line, one JSON object per line
* ``guide``    - the `help` page

The command itself is :mod:`doover_cli.commands.shell`; the clients shared by a session are
:mod:`doover_cli.clients`.
"""
