FROM opslab/base:1
WORKDIR /app
COPY deps.txt install-deps.sh ./
RUN sh install-deps.sh
COPY . .
ENTRYPOINT ["/app/greet.sh"]
CMD ["world"]
