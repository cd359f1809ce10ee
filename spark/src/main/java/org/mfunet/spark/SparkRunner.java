package org.mfunet.spark;

import java.io.PrintWriter;
import org.mfunet.cli.SparkBackend;

/** The {@link SparkBackend} the core's commands find on the class path: {@link SparkPrediction}, {@link SparkCrossValidation}. */
public final class SparkRunner implements SparkBackend {
    @Override
    public int predict(Prediction request, PrintWriter out, PrintWriter err) {
        return SparkPrediction.run(request, out, err);
    }

    @Override
    public void crossValidate(CrossValidationJobs request, PrintWriter out) {
        SparkCrossValidation.run(request, out);
    }
}
