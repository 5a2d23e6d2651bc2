package io.github.ratelimiter.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.ratelimiter.benchmarks.decision.DecisionResults;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.ContenderInfo;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.ContenderSummary;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the decision benchmark as one PNG: decisions per second of each contender per concurrency
 * level, and CPU time per decision split into client and Redis at the highest concurrency.
 */
final class ResultChart {

	private static final int WIDTH = 1000;

	private static final int HEIGHT = 400;

	private static final int THROUGHPUT_WIDTH = 540;

	/** Colours of the contenders, in the order the benchmark lists them. */
	private static final List<Color> CONTENDER_COLORS = List.of(new Color(0x1F5FA8), new Color(0xE08A1E),
			new Color(0x7A7A7A), new Color(0xB8B8B8));

	/** Colours of client and Redis CPU time. */
	private static final List<Color> CPU_COLORS = List.of(new Color(0x2A7F62), new Color(0xC0392B));

	private ResultChart() {
	}

	/** Writes the chart of the given results to a PNG file. */
	static void write(DecisionResults decisions, Path file) {
		applyTheme();
		JFreeChart throughput = throughputChart(decisions);
		JFreeChart cpu = cpuChart(decisions);

		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		throughput.draw(graphics, new Rectangle2D.Double(0, 0, THROUGHPUT_WIDTH, HEIGHT));
		cpu.draw(graphics, new Rectangle2D.Double(THROUGHPUT_WIDTH, 0, WIDTH - THROUGHPUT_WIDTH, HEIGHT));
		graphics.dispose();

		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			try (OutputStream output = Files.newOutputStream(file)) {
				ChartUtils.writeBufferedImageAsPNG(output, image, false, 9);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write " + file, ex);
		}
	}

	private static JFreeChart throughputChart(DecisionResults decisions) {
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		for (int callers : callerCounts(decisions)) {
			for (ContenderInfo contender : decisions.contenders()) {
				ContenderSummary summary = decisions.summary(contender.name(), callers);
				if (summary != null) {
					dataset.addValue(summary.decisionsPerSecond().median(), contender.name(),
							callers + ((callers == 1) ? " caller" : " callers"));
				}
			}
		}
		JFreeChart chart = ChartFactory.createBarChart("Decisions per second (median of rounds)", null, "decisions/s",
				dataset, PlotOrientation.VERTICAL, true, false, false);
		style(chart, CONTENDER_COLORS);
		return chart;
	}

	private static JFreeChart cpuChart(DecisionResults decisions) {
		int callers = TargetEvaluator.topCallers(decisions);
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		for (ContenderInfo contender : decisions.contenders()) {
			ContenderSummary summary = decisions.summary(contender.name(), callers);
			if (summary != null) {
				String label = contender.name().replace("redis-benchmark", "redis-bench").replace("-P", " -P");
				dataset.addValue(summary.clientCpuMicros().median(), "client", label);
				dataset.addValue(summary.redisCpuMicros().median(), "Redis", label);
			}
		}
		JFreeChart chart = ChartFactory.createStackedBarChart("CPU per decision at " + callers + " callers", null,
				"µs (median of rounds)", dataset, PlotOrientation.VERTICAL, true, false, false);
		style(chart, CPU_COLORS);
		return chart;
	}

	private static List<Integer> callerCounts(DecisionResults decisions) {
		return decisions.summaries().stream().map(ContenderSummary::callers).distinct().sorted().toList();
	}

	private static void applyTheme() {
		StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
		theme.setBarPainter(new StandardBarPainter());
		theme.setShadowVisible(false);
		theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		ChartFactory.setChartTheme(theme);
	}

	private static void style(JFreeChart chart, List<Color> colors) {
		chart.setBackgroundPaint(Color.WHITE);
		CategoryPlot plot = chart.getCategoryPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(new Color(0xDDDDDD));
		plot.setRangeGridlineStroke(new BasicStroke(1f));
		plot.setOutlineVisible(false);
		CategoryAxis categories = plot.getDomainAxis();
		categories.setMaximumCategoryLabelLines(2);
		BarRenderer renderer = (BarRenderer) plot.getRenderer();
		renderer.setItemMargin(0.05);
		for (int series = 0; series < plot.getDataset().getRowCount(); series++) {
			renderer.setSeriesPaint(series, colors.get(series % colors.size()));
		}
	}

}
