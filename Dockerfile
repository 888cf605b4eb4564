# One container serves the app for one organisation: ./scripts/run.sh's equivalent for production.
#   docker build -t sysselsattningskrav .
#   docker run -p 8501:8501 -v sysselsattning-data:/data sysselsattningskrav
# Several replicas share one PostgreSQL database (SYSSELSATTNING_DB_URL=postgresql+psycopg://...) behind
# nginx: compose.yaml. The same image runs the schema migrations (migrations/, alembic.ini):
#   docker run --rm -e SYSSELSATTNING_DB_URL=... sysselsattningskrav alembic upgrade workshop@head
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SYSSELSATTNING_DB_URL=sqlite:////data/workshops.sqlite3

WORKDIR /app

# Dependencies first, so a content change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Code and content are baked into the image, owned by root and read-only for the app user.
COPY . .

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app \
    && mkdir -p /data && chown app:app /data
VOLUME ["/data"]
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() == b'ok' else 1)"]

CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
