"""The pure figure builders: each module turns bpcore's results into Plotly figure dicts.

Nothing here imports Streamlit: a figure is data (a dict), built from its inputs alone, and
drawn by tutor.ui.plot.show_figure. ``theme`` holds the styling every figure shares.
"""
