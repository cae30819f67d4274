"""What every stage of a competition uses: deadlines, uploaded files, the offer as a document, its canonical text, money fields, history."""
