package dev.scone.flink.sql;

import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;

/**
 * A planned SCONE model. It offers only the asynchronous predict function, so the planner always
 * puts rows through Flink's async operator, where the micro-batcher can group them.
 */
final class SconeModelProvider implements AsyncPredictRuntimeProvider {

    private final SconeModelSettings settings;

    SconeModelProvider(SconeModelSettings settings) {
        this.settings = settings;
    }

    SconeModelSettings settings() {
        return settings;
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        return new SconePredictFunction(settings);
    }

    @Override
    public ModelProvider copy() {
        return new SconeModelProvider(settings);
    }
}
