"""After the award: the offer update after a reduced award, the agreement, tranches, annexes."""
