"""Pure chart builders: tables of results → plotly figures (as JSON-ready dicts)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

__all__ = ["bar_chart", "ranking_chart"]

_FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, SimHei, sans-serif"


def _layout(height: int) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 10, "r": 30, "t": 10, "b": 40},
        "font": {"family": _FONT, "size": 13},
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#e5e7eb", "zeroline": False, "automargin": True},
        "yaxis": {"automargin": True},
        "showlegend": False,
    }


def ranking_chart(labels: list[str], rates: list[float], texts: list[str]) -> dict[str, Any]:
    """Horizontal bars of satisfaction rates, highest on top; ``texts`` label each bar."""
    fig = go.Figure(go.Bar(
        x=[r * 100 for r in rates], y=labels, orientation="h", text=texts,
        textposition="outside", marker={"color": "#2f6f8f"}, hoverinfo="skip",
    ))
    fig.update_layout(**_layout(60 + 34 * len(labels)))
    fig.update_xaxes(range=[0, 110], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    return fig.to_plotly_json()


def bar_chart(labels: list[str], shares: list[float], texts: list[str]) -> dict[str, Any]:
    """Vertical bars of option shares (percent)."""
    fig = go.Figure(go.Bar(
        x=labels, y=[s * 100 for s in shares], text=texts, textposition="outside",
        marker={"color": "#5b8e7d"}, hoverinfo="skip",
    ))
    fig.update_layout(**_layout(280))
    fig.update_yaxes(range=[0, max([s * 100 for s in shares] + [1]) * 1.25], ticksuffix="%")
    return fig.to_plotly_json()
