echo "demo: not built yet"
