"""The public register of grants awarded (/wyniki/): reads, filters, exports."""
