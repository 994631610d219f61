"""PDF forms, barcodes and thermal tickets. Plain data in, bytes out; no Qt, no ORM."""
