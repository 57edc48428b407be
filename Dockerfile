FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir -e .
ENV ONKO_API_HOST=0.0.0.0 ONKO_API_PORT=8000
EXPOSE 8000
CMD ["onkopassport", "serve"]
