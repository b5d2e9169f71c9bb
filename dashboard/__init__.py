"""Dashboard: the Streamlit app and the `framing` command, the two ways people use the product."""
