"""Tera dashboard: Streamlit pages, the results behind them, exports and the message catalogue."""
