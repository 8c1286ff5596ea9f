echo "bench: not built yet"
